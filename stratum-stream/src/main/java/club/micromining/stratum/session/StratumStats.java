package club.micromining.stratum.session;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import club.micromining.stratum.share.Rejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Node-wide counters of the mining edge, updated by every connection. */
public final class StratumStats implements MeterBinder {
    /**
     * Buckets of the latency histograms (service-level objectives a firmware's patience cares about); Prometheus
     * takes percentiles from them ({@code histogram_quantile}), the dashboard shows p50, p95 and p99.
     */
    static final Duration[] SLOS = {Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)};
    private volatile Timer submitAccepted;
    private volatile Timer submitRejected;
    private volatile Timer submitNotRecorded;
    private volatile Timer validation;
    private volatile Timer handshake;
    private volatile java.util.function.IntSupplier inFlight = () -> 0;
    private volatile java.util.function.IntSupplier inFlightLimit = () -> 0;
    private volatile java.util.function.IntSupplier pendingBlocks = () -> 0;
    private final LongAdder connections = new LongAdder();
    private final LongAdder authorized = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final DoubleAdder acceptedDifficulty = new DoubleAdder();
    private final LongAdder blocks = new LongAdder();
    private final Map<Rejection, LongAdder> rejected = new EnumMap<>(Rejection.class);

    public StratumStats() {
        for (Rejection r : Rejection.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    /** Found blocks the chain has not answered yet, for the gauge. */
    public void pendingBlocksFrom(java.util.function.IntSupplier blocks) {
        this.pendingBlocks = blocks;
    }

    /** The edge's shares waiting for the journal, for the gauge. */
    public void inFlightFrom(java.util.function.IntSupplier shares, java.util.function.IntSupplier limit) {
        this.inFlight = shares;
        this.inFlightLimit = limit;
    }

    /**
     * Registers this edge's counters under their long-standing names ({@code micromining_shares_accepted_total} ...)
     * and its latency histograms: submit to answer by outcome, share validation, and a connection's handshake
     * (connect to its first job).
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("micromining.stratum.connections", this, StratumStats::connections).description("Open Stratum connections")
                .register(registry);
        Gauge.builder("micromining.stratum.authorized.connections", this, StratumStats::authorizedConnections)
                .description("Stratum connections with an authorized device").register(registry);
        Gauge.builder("micromining.shares.in.flight", this, s -> s.inFlight.getAsInt())
                .description("Accepted shares waiting for the journal before they are answered").register(registry);
        Gauge.builder("micromining.shares.in.flight.limit", this, s -> s.inFlightLimit.getAsInt())
                .description("The bound on shares waiting for the journal now (it adapts to how long recording takes)")
                .register(registry);
        FunctionCounter.builder("micromining.shares.accepted", this, StratumStats::accepted).description("Accepted shares")
                .register(registry);
        FunctionCounter.builder("micromining.shares.accepted.difficulty", this, StratumStats::acceptedDifficulty)
                .description("Credited difficulty of the accepted shares").register(registry);
        for (Rejection r : Rejection.values()) {
            FunctionCounter.builder("micromining.shares.rejected", this, s -> s.rejected(r)).tag("reason", r.name())
                    .description("Rejected shares by reason").register(registry);
        }
        Gauge.builder("micromining.blocks.pending", this, s -> s.pendingBlocks.getAsInt())
                .description("Found blocks the chain has not answered yet").register(registry);
        FunctionCounter.builder("micromining.block.candidates", this, StratumStats::blockCandidates)
                .description("Shares that met the network target").register(registry);
        submitAccepted = latency("micromining.submit.latency", "accepted", registry);
        submitRejected = latency("micromining.submit.latency", "rejected", registry);
        submitNotRecorded = latency("micromining.submit.latency", "not-recorded", registry);
        // Microseconds, far below the buckets: percentiles computed in the node instead.
        validation = Timer.builder("micromining.share.validation").description("Time to validate a submitted share")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        handshake = latency("micromining.handshake", null, registry);
    }

    private static Timer latency(String name, String outcome, MeterRegistry registry) {
        Timer.Builder b = Timer.builder(name).serviceLevelObjectives(SLOS)
                .description(outcome == null ? "Connect to the first job" : "Submit to answer, by outcome");
        if (outcome != null) {
            b.tag("outcome", outcome);
        }
        return b.register(registry);
    }

    /** A submit answered {@code nanos} after it was read. */
    void submitAnswered(boolean accepted, Rejection reason, long nanos) {
        Timer t = accepted ? submitAccepted : reason == Rejection.NOT_RECORDED ? submitNotRecorded : submitRejected;
        if (t != null) {
            t.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void shareValidated(long nanos) {
        Timer t = validation;
        if (t != null) {
            t.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A connection got its first job {@code nanos} after it connected. */
    void handshakeDone(long nanos) {
        Timer t = handshake;
        if (t != null) {
            t.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void connectionOpened() {
        connections.increment();
    }

    void connectionClosed(boolean wasAuthorized) {
        connections.decrement();
        if (wasAuthorized) {
            authorized.decrement();
        }
    }

    void deviceAuthorized() {
        authorized.increment();
    }

    void shareAccepted(double difficulty, boolean block) {
        accepted.increment();
        acceptedDifficulty.add(difficulty);
        if (block) {
            blocks.increment();
        }
    }

    void shareRejected(Rejection reason) {
        rejected.get(reason).increment();
    }

    public long connections() {
        return connections.sum();
    }

    public long authorizedConnections() {
        return authorized.sum();
    }

    public long accepted() {
        return accepted.sum();
    }

    public double acceptedDifficulty() {
        return acceptedDifficulty.sum();
    }

    public long blockCandidates() {
        return blocks.sum();
    }

    public long rejected(Rejection reason) {
        return rejected.get(reason).sum();
    }

    public long rejectedTotal() {
        long n = 0;
        for (LongAdder a : rejected.values()) {
            n += a.sum();
        }
        return n;
    }
}
