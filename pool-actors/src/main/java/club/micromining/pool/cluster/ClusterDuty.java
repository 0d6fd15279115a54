package club.micromining.pool.cluster;

/**
 * Work that must run on exactly one node of the cluster at a time: paying members, sealing the ledger,
 * drawing raffles, cleaning the journal. Two nodes running a payout cycle at once could pay a member twice.
 * {@link OncePerCluster} starts it where the cluster's singleton lives and stops it before it moves.
 */
public interface ClusterDuty {

    /** Begins the work (schedules it); may be called again after {@link #stop()}, on another hand-over. */
    void start();

    /** Stops starting new work; what is under way finishes or is recovered by the next start, anywhere. */
    void stop();

    ClusterDuty NONE = of(() -> { }, () -> { });

    static ClusterDuty of(Runnable start, Runnable stop) {
        return new ClusterDuty() {
            @Override
            public void start() {
                start.run();
            }

            @Override
            public void stop() {
                stop.run();
            }
        };
    }
}
