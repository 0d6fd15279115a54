package club.micromining.ops;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.LightningNodes;
import club.micromining.lightning.LightningSettings;
import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.lightning.node.LightningNode;
import club.micromining.ops.simulate.SimulatedFleet;
import club.micromining.persistence.JdbcReadSide;
import club.micromining.persistence.PersistenceSettings;
import club.micromining.persistence.db.Database;
import club.micromining.pool.Guardian;
import club.micromining.pool.PoolSettings;
import club.micromining.pool.facade.Pool;
import club.micromining.stratum.MiningEdge;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.config.StratumSettings;
import club.micromining.stratum.template.BitcoindTemplateSource;
import club.micromining.stratum.template.EmbeddedChain;
import club.micromining.stratum.template.TemplateSource;
import club.micromining.ops.ledger.StoreLedgerPort;
import club.micromining.web.WebContext;
import club.micromining.web.port.LedgerPort;
import org.apache.pekko.actor.typed.DispatcherSelector;
import club.micromining.web.WebServer;
import club.micromining.web.WebSettings;
import club.micromining.web.live.LiveFeed;
import club.micromining.web.port.ClubMonthPort;
import club.micromining.web.port.ClubPort;
import club.micromining.web.port.PoolPort;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
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

    /** {@code run}: starts a node and blocks until the JVM is asked to stop. */
    public static void run(Options options) {
        options.requireOnly("simulate");
        PoolNode node = start(ConfigFactory.load(), options.integer("simulate", 0, 0, 10_000));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
        node.system.getWhenTerminated().toCompletableFuture().join();
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
        StratumSettings stratum = StratumSettings.fromConfig(config);
        PersistenceSettings persistence = PersistenceSettings.fromConfig(config);
        PoolSettings poolSettings = PoolSettings.fromConfig(config);
        LightningSettings ln = LightningSettings.fromConfig(config);
        NodeSettings node = NodeSettings.fromConfig(config);
        WebSettings web = WebSettings.fromConfig(config);

        Database database = Database.open(persistence.database());
        JdbcReadSide readSide;
        try {
            readSide = new JdbcReadSide(database, persistence);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        LightningNode wallet;
        ActorSystem<Guardian.Command> system;
        try {
            wallet = lightning != null ? lightning : LightningNodes.open(ln);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        try {
            system = ActorSystem.create(Guardian.create(new Guardian.Parts(poolSettings, stratum.nodeId(),
                    readSide, wallet, new LnurlPay(ln.lnurlTimeout()),
                    stratum.network() == Network.MAINNET)), "micromining",
                    database.pekkoConfig().withFallback(config));
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
            Pool pool = AskPattern.ask(system, Guardian.GetPool::new, poolSettings.askTimeout(), system.scheduler())
                    .toCompletableFuture().get(poolSettings.askTimeout().toMillis(), TimeUnit.MILLISECONDS);
            TemplateSource source = stratum.bitcoind() != null
                    ? new BitcoindTemplateSource(stratum.bitcoind(), stratum.network())
                    : new EmbeddedChain(simulate > 0 ? stratum.embeddedChain().withBlockInterval(node.simulateBlockInterval())
                            : stratum.embeddedChain());
            MiningEdge[] started = new MiningEdge[1];
            ServerBinding management = HttpListeners.health(system, node, () -> {
                List<String> reasons = new ArrayList<>();
                if (!source.ready()) {
                    reasons.add("the template source is not current");
                }
                if (started[0] == null) {
                    reasons.add("the Stratum listener is not up yet");
                }
                return reasons;
            });
            MiningEdge edge = MiningEdge.startWhenReady(system, stratum, source, pool.shareRecorder(), pool.deviceListener(),
                    pool.blockListener(), readSide.ledger()::latestTreeRoot);
            started[0] = edge;
            pool.edgeStarted(edge);
            ServerBinding api = HttpListeners.api(system, node, pool, ln, readSide.ledger());
            log.info("JSON API on http://{}:{}/api/pool, health on :{}/health/ready", node.bindHost(), api.localAddress().getPort(),
                    management.localAddress().getPort());
            log.info("Pool running on {} with payout address {}; mine with stratum+tcp://<this host>:{} user <account>.<worker>",
                    stratum.network(), stratum.payoutAddress(), edge.address().getPort());
            String apiUrl = !ln.publicUrl().isEmpty() ? ln.publicUrl().replaceAll("/+$", "")
                    : node.bindHost().equals("0.0.0.0") || node.bindHost().equals("::") ? ""
                    : "http://" + node.bindHost() + ":" + api.localAddress().getPort();
            LedgerPort ledger = new StoreLedgerPort(readSide.ledger(), system.dispatchers().lookup(DispatcherSelector.blocking()));
            WebServer webServer = web.enabled() ? startWeb(web, pool, stratum, ln, node, edge, ledger, apiUrl) : null;
            SimulatedFleet fleet = simulate > 0 ? SimulatedFleet.start(simulate, edge.address(), node.simulateHashrate()) : null;
            Duration first = node.statusInterval().compareTo(Duration.ofSeconds(15)) < 0 ? node.statusInterval() : Duration.ofSeconds(15);
            system.scheduler().scheduleAtFixedRate(first, node.statusInterval(), new StatusLine(edge, fleet), system.executionContext());
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

    /** The web app on the pool's front door; it reads the same views the JSON API does. */
    private static WebServer startWeb(WebSettings web, Pool pool, StratumSettings stratum, LightningSettings ln, NodeSettings node,
                                      MiningEdge edge, LedgerPort ledger, String apiUrl) {
        ClubPort port = new PoolPort(pool);
        LiveFeed live = new LiveFeed(port, web.refreshInterval());
        WebContext context = new WebContext(port, live, web, stratum.network().toString(), ln.publicUrl(),
                edge.address().getPort(), web.demoWalletOn(stratum.network() == Network.MAINNET), ledger, apiUrl,
                new ClubMonthPort(pool.club()));
        try {
            WebServer server = WebServer.start(context, node.bindHost(), web.port());
            log.info("Web app on http://{}:{}/", node.bindHost(), server.port());
            return server;
        } catch (Exception e) {
            live.close();
            throw new IllegalStateException("the web app could not start on " + node.bindHost() + ":" + web.port()
                    + " (POOL_BIND_HOST, POOL_WEB_PORT): " + Failures.rootMessage(e), e);
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
