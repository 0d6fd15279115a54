package club.micromining.pool.view;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Estimated hashes per second over the last 1, 10 and 60 complete minutes. */
public record HashrateView(@JsonProperty("1m") double h1m, @JsonProperty("10m") double h10m, @JsonProperty("1h") double h1h) {
    /** The windows, in minutes, in the order of the components. */
    public static final int[] WINDOWS = {1, 10, 60};
    public static final HashrateView NONE = new HashrateView(0, 0, 0);

    /** From the credited difficulty in each window: difficulty * 2^32 hashes over the window's seconds. */
    public static HashrateView fromWork(double[] difficultyPerWindow) {
        return new HashrateView(rate(difficultyPerWindow[0], WINDOWS[0]), rate(difficultyPerWindow[1], WINDOWS[1]),
                rate(difficultyPerWindow[2], WINDOWS[2]));
    }

    private static double rate(double difficulty, int minutes) {
        return difficulty * 0x1p32 / (minutes * 60.0);
    }
}
