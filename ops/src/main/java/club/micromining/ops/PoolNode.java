package club.micromining.ops;

import club.micromining.common.concurrent.Failures;
import club.micromining.common.config.SettingsException;
import club.micromining.lightning.LightningNodes;
import club.micromining.lightning.LightningSettings;
import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.lightning.node.LightningNode;
import club.micromining.ops.cluster.ClusterFormation;
import club.micromining.ops.cluster.ClusterSettings;
import club.micromining.ops.simulate.SimulatedFleet;
import club.micromining.persistence.JdbcReadSide;
import club.micromining.persistence.PersistenceSettings;
import club.micromining.persistence.chain.JdbcChainStore;
import club.micromining.persistence.job.JdbcJobArchive;
import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.pool.Guardian;
import club.micromining.pool.PoolSettings;
import club.micromining.pool.cluster.ClusterJobOrigin;
import club.micromining.pool.cluster.JobSource;
import club.micromining.pool.facade.Pool;
import club.micromining.stratum.MiningEdge;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.config.StratumSettings;
import club.micromining.stratum.job.JobFactory;
import club.micromining.stratum.job.JobManager;
import club.micromining.stratum.job.JobOrigin;
import club.micromining.stratum.job.LocalJobOrigin;
import club.micromining.stratum.job.RestartSafeCounter;
import club.micromining.stratum.template.BitcoindTemplateSource;
import club.micromining.stratum.template.EmbeddedChain;
import club.micromining.stratum.template.TemplateSource;
import club.micromining.web.WebServer;
import club.micromining.web.WebSettings;
import com.typesafe.config.Config;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool node, composed: the database, the actor system with the pool's {@link Guardian}, the mining
 * edge on the configured template source, the HTTP listeners, and optionally a fleet of simulated devices.
 * It decides nothing about the pool. It stops in order: listeners unbound, shares in flight answered,
 * connections closed, the domain and its projections stopped, then the database closed.
 */
public final class PoolNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PoolNode.class);
    private static final CoordinatedShutdown.Reason STOP = new CoordinatedShutdown.Reason() { };

    private final ActorSystem<Guardian.Command> system;
    private final Database database;
    private final LightningNode lightning;
    private final boolean ownsLightning;
    private final Pool pool;
    private final MiningEdge edge;
    private final ServerBinding api;
    private final ServerBinding management;
    private final WebServer web;

    private PoolNode(ActorSystem<Guardian.Command> system, Database database, LightningNode lightning, boolean ownsLightning, Pool pool,
                     MiningEdge edge, ServerBinding api, ServerBinding management, WebServer web) {
        this.system = system;
        this.database = database;
        this.lightning = lightning;
        this.ownsLightning = ownsLightning;
        this.pool = pool;
        this.edge = edge;
        this.api = api;
        this.management = management;
        this.web = web;
    }

    public static PoolNode start(Config config, int simulate) {
        return start(config, simulate, null);
    }

    /**
     * Starts a node from the given settings; a wrong setting throws a {@code SettingsException} naming it.
     *
     * @param lightning a Lightning node that lives apart from this one (as LND does) and outlives it, or null
     *                  to open the configured node
     */
    public static PoolNode start(Config config, int simulate, LightningNode lightning) {
        StratumSettings configured = StratumSettings.fromConfig(config);
        PersistenceSettings persistence = PersistenceSettings.fromConfig(config);
        PoolSettings poolSettings = PoolSettings.fromConfig(config);
        LightningSettings ln = PublicUrl.checked(LightningSettings.fromConfig(config), configured.network());
        NodeSettings node = NodeSettings.fromConfig(config);
        WebSettings web = WebSettings.fromConfig(config);

        ClusterSettings cluster = ClusterSettings.fromConfig(config);
        if (cluster.clustered() && persistence.database().kind() == DatabaseSettings.Kind.H2) {
            throw new SettingsException("micromining.database.url", "POOL_DB_URL", "a cluster (POOL_CLUSTER_SEEDS or "
                    + "POOL_CLUSTER_DISCOVERY) needs one database all its nodes share: set POOL_DB_URL to a jdbc:postgresql:// URL; "
                    + "the embedded H2 database is one node's own");
        }

        Database database = Database.open(persistence.database());
        JdbcReadSide readSide;
        LightningNode wallet;
        try {
            readSide = new JdbcReadSide(database, persistence, cluster.clustered() ? cluster.name() : null);
            wallet = lightning != null ? lightning : LightningNodes.open(ln);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        StratumSettings stratum = configured.withNodeId(readSide.nodeId());
        ActorSystem<Guardian.Command> system;
        try {
            system = ActorSystem.create(Guardian.create(new Guardian.Parts(poolSettings, stratum.nodeId(),
                    readSide, wallet, new LnurlPay(ln.lnurlTimeout()),
                    stratum.network() == Network.MAINNET)), cluster.name(),
                    database.pekkoConfig().withFallback(cluster.pekkoConfig()).withFallback(config));
        } catch (RuntimeException e) {
            if (lightning == null) {
                wallet.close();
            }
            database.close();
            Config remote = config.getConfig("pekko.remote.artery.canonical");
            throw new IllegalStateException("the cluster listener could not start on " + remote.getString("hostname") + ":"
                    + remote.getString("port") + " (POOL_CLUSTER_HOST, POOL_CLUSTER_PORT): " + Failures.rootMessage(e), e);
        }
        try {
            ClusterFormation.join(system, cluster);
            Pool pool = AskPattern.ask(system, Guardian.GetPool::new, poolSettings.askTimeout(), system.scheduler())
                    .toCompletableFuture().get(poolSettings.askTimeout().toMillis(), TimeUnit.MILLISECONDS);
            PrometheusMeterRegistry meters = NodeMeters.start(pool, database, system);
            Supplier<TemplateSource> sources = () -> stratum.bitcoind() != null
                    ? new BitcoindTemplateSource(stratum.bitcoind(), stratum.network())
                    : new EmbeddedChain(simulate > 0 ? stratum.embeddedChain().withBlockInterval(node.simulateBlockInterval())
                            : stratum.embeddedChain(), new JdbcChainStore(database.dataSource()));
            RestartSafeCounter ids = RestartSafeCounter.fromClock();
            JobFactory jobFactory = MiningEdge.jobFactory(stratum, readSide.ledger()::latestTreeRoot);
            JobOrigin origin;
            if (cluster.clustered()) {
                // One node's singleton makes the jobs for all: one template source, one embedded chain, and job ids
                // that go on after the last run's wherever it ran.
                JdbcJobArchive archive = new JdbcJobArchive(database.dataSource(), JobSource.KEPT_JOBS);
                origin = new ClusterJobOrigin(system, JobSource.init(system, () -> new LocalJobOrigin(sources.get(), jobFactory,
                        RestartSafeCounter.fromClockAfter(archive.lastId())), archive,
                        r -> JobManager.recovered(pool.blockListener(), r)), poolSettings.askTimeout());
            } else {
                origin = new LocalJobOrigin(sources.get(), jobFactory, ids);
            }
            MiningEdge[] started = new MiningEdge[1];
            ServerBinding management = HttpListeners.health(system, node, origin, database::reachable, () -> started[0] != null);
            MiningEdge edge = MiningEdge.startWhenReady(system, stratum, origin, ids, pool.shareRecorder(), pool.deviceListener(),
                    pool.blockListener());
            started[0] = edge;
            pool.edgeStarted(edge);
            ServerBinding api = HttpListeners.api(system, node, pool, ln, readSide.ledger(), meters);
            log.info("Pool running on {} as node {} of cluster {} with payout address {}; mine with stratum+tcp://<this host>:{} "
                    + "user <account>.<worker>; JSON API on http://{}:{}/api/pool, health on :{}/health/ready", stratum.network(),
                    stratum.nodeId(), cluster.name(), stratum.payoutAddress(),
                    edge.address().getPort(), node.bindHost(), api.localAddress().getPort(), management.localAddress().getPort());
            WebServer webServer = web.enabled() ? WebApp.start(web, pool, stratum, ln, node, edge.address().getPort(), api.localAddress(),
                    readSide.ledger(), system.dispatchers().lookup(DispatcherSelector.blocking())) : null;
            SimulatedFleet fleet = simulate > 0 ? SimulatedFleet.start(simulate, edge.address(), node.simulateHashrate()) : null;
            StatusLine.schedule(system, edge, fleet, node.statusInterval());
            OrderlyStop.register(system, edge, fleet, poolSettings.recordTimeout(), webServer, api, management);
            return new PoolNode(system, database, wallet, lightning == null, pool, edge, api, management, webServer);
        } catch (Exception e) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().join();
            if (lightning == null) {
                wallet.close();
            }
            database.close();
            throw e instanceof RuntimeException r ? r : new IllegalStateException(Failures.rootMessage(e), e);
        }
    }

    public InetSocketAddress stratumAddress() {
        return edge.address();
    }

    public InetSocketAddress apiAddress() {
        return api.localAddress();
    }

    public InetSocketAddress managementAddress() {
        return management.localAddress();
    }

    /** The front door, for what runs beside the node in the same JVM (tests, the web app). */
    public Pool pool() {
        return pool;
    }

    /** The web app's port, or -1 when it is off (POOL_WEB_ENABLED=false). */
    public int webPort() {
        return web == null ? -1 : web.port();
    }

    public MiningEdge edge() {
        return edge;
    }

    public LightningNode lightning() {
        return lightning;
    }

    /** Until the node's actor system has terminated (after {@link #close}, or a stop it ran itself). */
    public void awaitTermination() {
        system.getWhenTerminated().toCompletableFuture().join();
    }

    /** Stops in order (see the class comment), then closes the database and a Lightning node opened here. */
    @Override
    public void close() {
        log.info("Stopping the pool");
        try {
            CoordinatedShutdown.get(system).runAll(STOP).toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            log.warn("The pool did not stop in order: {}", Failures.rootMessage(e));
            system.terminate();
        }
        system.getWhenTerminated().toCompletableFuture().join();
        database.closeJournal(system);
        if (ownsLightning) {
            lightning.close();
        }
        database.close();
        log.info("Pool stopped");
    }
}
