package club.micromining.stratum;

import club.micromining.stratum.config.StratumSettings;
import club.micromining.stratum.job.BlockListener;
import club.micromining.stratum.job.JobFactory;
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
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * The mining edge of one node, assembled: a template source feeding the job manager, and the Stratum
 * listener whose sessions validate shares and hand accepted ones to the recorder.
 */
public final class MiningEdge implements AutoCloseable {
    private final JobManager jobs;
    private final StratumServer server;
    private final StratumStats stats;

    private MiningEdge(JobManager jobs, StratumServer server, StratumStats stats) {
        this.jobs = jobs;
        this.server = server;
        this.stats = stats;
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
        RestartSafeCounter ids = RestartSafeCounter.fromClock();
        JobManager jobs = new JobManager(source, new JobFactory(settings.coinbase(), settings.versionMask()),
                settings.staleGrace(), ids, blocks);
        StratumStats stats = new StratumStats();
        SessionContext ctx = new SessionContext(settings.session(), jobs, recorder, devices,
                new Extranonce1Allocator(settings.nodeId(), ids), stats,
                new InFlightLimit(settings.server().maxInFlightShares()));
        return jobs.start()
                .thenCompose(first -> StratumServer.start(system, settings.server(), ctx))
                .thenApply(server -> new MiningEdge(jobs, server, stats));
    }

    public InetSocketAddress address() {
        return server.localAddress();
    }

    public StratumStats stats() {
        return stats;
    }

    public JobManager jobs() {
        return jobs;
    }

    public int openConnections() {
        return server.openConnections();
    }

    @Override
    public void close() {
        server.unbind().toCompletableFuture().join();
        jobs.close();
    }
}
