package club.micromining.persistence.readmodel;

/** Estimated hashes per second over the last 1, 10 and 60 complete minutes. */
public record Hashrate(double h1m, double h10m, double h1h) {
    static final int[] WINDOWS = {1, 10, 60};

    static Hashrate of(double[] workPerWindow) {
        return new Hashrate(rate(workPerWindow[0], 1), rate(workPerWindow[1], 10), rate(workPerWindow[2], 60));
    }

    private static double rate(double work, int minutes) {
        return work * 0x1p32 / (minutes * 60.0);
    }
}
