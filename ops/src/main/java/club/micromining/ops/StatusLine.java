package club.micromining.ops;

import club.micromining.ops.simulate.SimulatedFleet;
import club.micromining.stratum.MiningEdge;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.session.StratumStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line of pool totals per interval, for an operator watching the log. */
final class StatusLine implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PoolNode.class);
    private final MiningEdge edge;
    private final SimulatedFleet fleet;
    private long lastAccepted;

    /** @param fleet the simulated devices, or null */
    StatusLine(MiningEdge edge, SimulatedFleet fleet) {
        this.edge = edge;
        this.fleet = fleet;
    }

    /** A status line every {@code interval}, the first one within 15 s of the start. */
    static void schedule(org.apache.pekko.actor.typed.ActorSystem<?> system, MiningEdge edge, SimulatedFleet fleet,
                         java.time.Duration interval) {
        java.time.Duration first = interval.compareTo(java.time.Duration.ofSeconds(15)) < 0 ? interval : java.time.Duration.ofSeconds(15);
        system.scheduler().scheduleAtFixedRate(first, interval, new StatusLine(edge, fleet), system.executionContext());
    }

    @Override
    public void run() {
        StratumStats stats = edge.stats();
        long accepted = stats.accepted();
        Job job = edge.jobs().current();
        log.info("Pool: {} devices on {} connections, {} shares accepted (+{}), {} rejected, mining height {} at network difficulty {}{}",
                stats.authorizedConnections(), stats.connections(), accepted, accepted - lastAccepted,
                stats.rejectedTotal(), job.height(), String.format("%.4g", job.networkDifficulty()),
                fleet == null ? "" : "; " + fleet.summary());
        lastAccepted = accepted;
    }
}
