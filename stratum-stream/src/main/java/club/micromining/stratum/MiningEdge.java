package club.micromining.stratum;

import club.micromining.common.concurrent.Failures;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.config.StratumSettings;
import club.micromining.stratum.job.BlockListener;
import club.micromining.stratum.job.CoinbaseLayout;
import club.micromining.stratum.job.JobFactory;
import club.micromining.stratum.job.JobOrigin;
import club.micromining.stratum.job.LocalJobOrigin;
import club.micromining.stratum.job.JobManager;
import club.micromining.stratum.job.RestartSafeCounter;
import club.micromining.stratum.server.StratumServer;
import club.micromining.stratum.session.DeviceListener;
import club.micromining.stratum.session.Extranonce1Allocator;
import club.micromining.stratum.session.InFlightLimit;
import club.micromining.stratum.session.SessionContext;
import club.micromining.stratum.session.StratumStats;
import club.micromining.stratum.share.ShareRecorder;
import club.micromining.stratum.template.TemplateSource;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mining edge of one node, assembled: a job origin (its own template source, or the cluster's job
 * source) feeding the job manager, and the Stratum listener whose sessions validate shares and hand
 * accepted ones to the recorder.
 */
public final class MiningEdge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MiningEdge.class);
    /** How long miners get to read their client.reconnect before the rest is closed. */
    private static final long RECONNECT_WAIT_MILLIS = 500;
    private final JobManager jobs;
    private final StratumServer server;
    private final StratumStats stats;
    private final InFlightLimit inFlight;
    private final Network network;
    private final CoinbaseLayout coinbase;

    private MiningEdge(JobManager jobs, StratumServer server, StratumStats stats, InFlightLimit inFlight, Network network,
                       CoinbaseLayout coinbase) {
        this.jobs = jobs;
        this.network = network;
        this.coinbase = coinbase;
        this.server = server;
        this.stats = stats;
        this.inFlight = inFlight;
    }

    /** The hash of the chain's block at a height, when the template source knows it. */
    public CompletionStage<java.util.Optional<String>> blockHash(long height) {
        return jobs.blockHash(height);
    }

    /** An edge whose shares and devices are heard by nobody but the recorder (tests, tools). */
    public static CompletionStage<MiningEdge> start(ClassicActorSystemProvider system, StratumSettings settings,
                                                    TemplateSource source, ShareRecorder recorder) {
        return start(system, settings, source, recorder, DeviceListener.NONE, BlockListener.NONE);
    }

    /** Starts the template source, waits for the first job, then opens the Stratum port. */
    public static CompletionStage<MiningEdge> start(ClassicActorSystemProvider system, StratumSettings settings,
                                                    TemplateSource source, ShareRecorder recorder,
                                                    DeviceListener devices, BlockListener blocks) {
        return start(system, settings, source, recorder, devices, blocks, () -> null);
    }

    /** @param anchor what each new job's coinbase commits to (see {@link JobFactory#anchorScript}), or null for nothing */
    public static CompletionStage<MiningEdge> start(ClassicActorSystemProvider system, StratumSettings settings,
                                                    TemplateSource source, ShareRecorder recorder,
                                                    DeviceListener devices, BlockListener blocks, Supplier<byte[]> anchor) {
        RestartSafeCounter ids = RestartSafeCounter.fromClock();
        return start(system, settings, new LocalJobOrigin(source, jobFactory(settings, anchor), ids), ids, recorder, devices,
                blocks);
    }

    /** How this node's settings turn templates into jobs (the cluster's job source uses it too). */
    public static JobFactory jobFactory(StratumSettings settings, Supplier<byte[]> anchor) {
        return new JobFactory(settings.coinbase(), settings.versionMask(), anchor);
    }

    /** Starts the job origin, waits for the first job, then opens the Stratum port. */
    public static CompletionStage<MiningEdge> start(ClassicActorSystemProvider system, StratumSettings settings,
                                                    JobOrigin origin, RestartSafeCounter ids, ShareRecorder recorder,
                                                    DeviceListener devices, BlockListener blocks) {
        JobManager jobs = new JobManager(origin, settings.staleGrace(), ids, blocks);
        StratumStats stats = new StratumStats();
        InFlightLimit inFlight = new InFlightLimit(settings.server().maxInFlightShares(),
                settings.server().inFlightLatencyTarget());
        stats.inFlightFrom(inFlight::inFlight, inFlight::limit);
        stats.pendingBlocksFrom(jobs::pendingBlocks);
        SessionContext ctx = new SessionContext(settings.session(), jobs, recorder, devices,
                new Extranonce1Allocator(settings.nodeId(), ids), stats, inFlight);
        return jobs.start()
                .thenCompose(first -> StratumServer.start(system, settings.server(), ctx))
                .thenApply(server -> new MiningEdge(jobs, server, stats, inFlight, settings.network(),
                        settings.coinbase()));
    }

    /**
     * Starts the edge and waits until it listens. The embedded chain gives its first template at once;
     * bitcoind may be unreachable or still syncing, so this waits for it (the source logs what is missing),
     * unless it turns out to serve another network.
     *
     * @throws IllegalStateException saying what kept the edge from starting (a source on another network,
     *                               a port in use), with the settings to look at
     */
    public static MiningEdge startWhenReady(ClassicActorSystemProvider system, StratumSettings settings, JobOrigin origin,
                                            RestartSafeCounter ids, ShareRecorder recorder, DeviceListener devices,
                                            BlockListener blocks) {
        CompletableFuture<MiningEdge> edge = start(system, settings, origin, ids, recorder, devices, blocks).toCompletableFuture();
        CompletableFuture<Void> verified = origin.verified().toCompletableFuture();
        if (settings.bitcoind() != null) {
            log.info("Waiting for the first template from bitcoind at {}", settings.bitcoind().url());
        }
        try {
            CompletableFuture.anyOf(edge, verified.thenCompose(v -> new CompletableFuture<>())).join();
            return edge.join();
        } catch (CompletionException e) {
            origin.close();
            if (verified.isCompletedExceptionally()) {
                throw new IllegalStateException(Failures.rootMessage(e), e);
            }
            throw new IllegalStateException("the Stratum listener could not start on " + settings.server().bindHost()
                    + ":" + settings.server().port() + " (POOL_BIND_HOST, POOL_STRATUM_PORT): " + Failures.rootMessage(e), e);
        }
    }

    public InetSocketAddress address() {
        return server.localAddress();
    }

    public StratumStats stats() {
        return stats;
    }

    /** The chain this edge mines on. */
    public Network network() {
        return network;
    }

    /** What goes into every coinbase: the payout script, the pool tag, the extranonce sizes. */
    public CoinbaseLayout coinbase() {
        return coinbase;
    }

    public JobManager jobs() {
        return jobs;
    }

    public int openConnections() {
        return server.openConnections();
    }

    /** Stops accepting connections; the open ones go on mining. */
    public CompletionStage<Void> unbind() {
        return server.unbind();
    }

    /**
     * The first step of an orderly stop: no connection reads another share, and the stage completes once
     * every share already read has its answer (recorded, or refused).
     */
    public CompletionStage<Void> drain() {
        inFlight.close();
        return inFlight.drained();
    }

    /**
     * Unbinds, asks every miner to connect again (to another node behind the address it mines on), closes
     * what is still open a moment later, and stops the job origin.
     */
    @Override
    public void close() {
        server.unbind().toCompletableFuture().join();
        try {
            if (server.openConnections() > 0) {
                server.reconnectConnections().get(RECONNECT_WAIT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                Thread.sleep(RECONNECT_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            log.debug("Asking the miners to reconnect", e);
        }
        server.closeConnections();
        jobs.close();
    }
}
