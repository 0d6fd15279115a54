package club.micromining.ops.loadgen;

import club.micromining.ops.NodeSettings;
import club.micromining.ops.Options;
import club.micromining.stratum.MiningEdge;
import club.micromining.stratum.config.StratumSettings;
import club.micromining.stratum.session.StratumStats;
import club.micromining.stratum.share.ShareRecorder;
import club.micromining.stratum.template.EmbeddedChain;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code edge}: the Stratum edge alone on the embedded chain, its accepted shares counted and forgotten,
 * so {@code loadgen} measures what the mining edge costs (sessions, validation, TCP) apart from the
 * journal. For benchmarks only: nothing it accepts is credited to anyone.
 */
public final class EdgeOnlyNode {
    private static final Logger log = LoggerFactory.getLogger(EdgeOnlyNode.class);
    private static final CompletionStage<Void> RECORDED = CompletableFuture.completedFuture(null);

    private EdgeOnlyNode() {
    }

    public static void run(Options options) {
        options.requireOnly();
        Config config = ConfigFactory.parseString("pekko.actor.provider = local").withFallback(ConfigFactory.load());
        StratumSettings settings = StratumSettings.fromConfig(config);
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "micromining-edge", config);
        ShareRecorder counted = share -> RECORDED;
        MiningEdge edge = MiningEdge.start(system, settings, new EmbeddedChain(settings.embeddedChain()), counted)
                .toCompletableFuture().join();
        log.warn("Benchmark edge on {}: shares are counted, not recorded or credited", edge.address());
        Duration status = NodeSettings.fromConfig(config).statusInterval();
        system.scheduler().scheduleAtFixedRate(status, status, () -> {
            StratumStats s = edge.stats();
            log.info("Edge: {} connections, {} shares accepted, {} rejected", s.connections(), s.accepted(), s.rejectedTotal());
        }, system.executionContext());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            edge.close();
            system.terminate();
        }, "shutdown"));
        system.getWhenTerminated().toCompletableFuture().join();
    }
}
