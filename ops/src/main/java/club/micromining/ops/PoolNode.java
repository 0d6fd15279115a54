package club.micromining.ops;

import club.micromining.ops.simulate.SimulatedFleet;
import club.micromining.stratum.MiningEdge;
import club.micromining.stratum.config.ConfigReader;
import club.micromining.stratum.config.StratumSettings;
import club.micromining.stratum.session.StratumStats;
import club.micromining.stratum.share.InMemoryShareLog;
import club.micromining.stratum.template.EmbeddedChain;
import club.micromining.stratum.template.EmbeddedChainSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool node: the mining edge on the embedded chain, shares kept in memory, optionally a fleet of
 * simulated devices. Runs until the JVM is asked to stop.
 */
public final class PoolNode {
    private static final Logger log = LoggerFactory.getLogger(PoolNode.class);

    private PoolNode() {
    }

    public static void run(Options options) {
        options.requireOnly("simulate");
        int simulate = options.integer("simulate", 0, 0, 10_000);
        Config config = ConfigFactory.load();
        StratumSettings settings = StratumSettings.fromConfig(config);
        ConfigReader reader = new ConfigReader(config);
        double hashrate = reader.positive("micromining.simulate.hashrate", "POOL_SIMULATE_HASHRATE");
        Duration statusInterval = reader.duration("micromining.status-interval", "POOL_STATUS_INTERVAL", Duration.ofSeconds(1));
        EmbeddedChainSettings chainSettings = settings.embeddedChain();
        if (simulate > 0) {
            Duration demoInterval = reader.duration("micromining.simulate.block-interval", "POOL_SIMULATE_BLOCK_INTERVAL",
                    Duration.ofSeconds(1));
            chainSettings = new EmbeddedChainSettings(chainSettings.startDifficulty(), chainSettings.minDifficulty(),
                    demoInterval, chainSettings.templateTxs(), chainSettings.refreshInterval());
        }

        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "micromining", config);
        EmbeddedChain chain = new EmbeddedChain(chainSettings);
        InMemoryShareLog shares = new InMemoryShareLog(10_000);
        MiningEdge edge;
        try {
            edge = MiningEdge.start(system, settings, chain, shares).toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            system.terminate();
            chain.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("the Stratum listener could not start on " + settings.server().bindHost()
                    + ":" + settings.server().port() + " (POOL_BIND_HOST, POOL_STRATUM_PORT): " + cause.getMessage(), e);
        }
        log.info("Pool running on {} with payout address {}; mine with stratum+tcp://<this host>:{} user <account>.<worker>",
                settings.network(), settings.payoutAddress(), edge.address().getPort());

        SimulatedFleet fleet = simulate > 0 ? SimulatedFleet.start(simulate, edge.address().getPort(), hashrate) : null;
        Duration firstStatus = statusInterval.compareTo(Duration.ofSeconds(15)) < 0 ? statusInterval : Duration.ofSeconds(15);
        system.scheduler().scheduleAtFixedRate(firstStatus, statusInterval,
                new StatusLine(edge.stats(), chain, fleet), system.executionContext());

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping the pool");
            if (fleet != null) {
                fleet.close();
            }
            edge.close();
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("Actor system did not stop cleanly: {}", e.toString());
            }
            stopped.countDown();
        }, "shutdown"));
        try {
            system.getWhenTerminated().toCompletableFuture().join();
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One line of pool totals per interval. */
    private static final class StatusLine implements Runnable {
        private final StratumStats stats;
        private final EmbeddedChain chain;
        private final SimulatedFleet fleet;
        private long lastAccepted;

        StatusLine(StratumStats stats, EmbeddedChain chain, SimulatedFleet fleet) {
            this.stats = stats;
            this.chain = chain;
            this.fleet = fleet;
        }

        @Override
        public void run() {
            long accepted = stats.accepted();
            EmbeddedChain.ChainStatus c = chain.status();
            log.info("Pool: {} devices on {} connections, {} shares accepted (+{}), {} rejected, chain height {} difficulty {}{}",
                    stats.authorizedConnections(), stats.connections(), accepted, accepted - lastAccepted,
                    stats.rejectedTotal(), c.height(), String.format("%.4g", c.difficulty()),
                    fleet == null ? "" : "; " + fleet.summary());
            lastAccepted = accepted;
        }
    }
}
