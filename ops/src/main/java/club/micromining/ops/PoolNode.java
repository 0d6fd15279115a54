package club.micromining.ops;

import club.micromining.ops.api.HealthRoutes;
import club.micromining.ops.api.MetricsRoutes;
import club.micromining.ops.api.PoolApiRoutes;
import club.micromining.ops.simulate.SimulatedFleet;
import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.persistence.db.JournalCleanup;
import club.micromining.persistence.projection.ReadSideProjections;
import club.micromining.persistence.readmodel.ReadModels;
import club.micromining.pool.PoolSettings;
import club.micromining.pool.SingleNodeCluster;
import club.micromining.pool.accounting.AccrualScheme;
import club.micromining.pool.accounting.BlockRewardDistributor;
import club.micromining.pool.accounting.FoundBlock;
import club.micromining.persistence.pplns.JdbcWorkWindow;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.shares.DurableShareRecorder;
import club.micromining.pool.stats.PoolStatsEntity;
import club.micromining.pool.stats.RejectionReporter;
import club.micromining.stratum.MiningEdge;
import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.config.ConfigReader;
import club.micromining.stratum.config.SettingsException;
import club.micromining.stratum.config.StratumSettings;
import club.micromining.lightning.lnd.LndNode;
import club.micromining.lightning.lnd.LndSettings;
import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.lightning.node.LightningNode;
import club.micromining.lightning.sim.SimulatedNetwork;
import club.micromining.lightning.sim.SimulatedNode;
import club.micromining.ops.api.LnurlRoutes;
import club.micromining.ops.api.MemberRoutes;
import club.micromining.pool.payout.PayoutService;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import club.micromining.stratum.job.BlockListener;
import club.micromining.stratum.session.StratumStats;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.template.BitcoindTemplateSource;
import club.micromining.stratum.template.EmbeddedChain;
import club.micromining.stratum.template.TemplateSource;
import club.micromining.stratum.template.EmbeddedChainSettings;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pool node, assembled: the database (migrated), the actor system in a cluster of its own, the
 * device and member entities, the read-side projections, the mining edge on the embedded chain with the
 * durable share path, the JSON API, and optionally a fleet of simulated devices.
 */
public final class PoolNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PoolNode.class);
    /** How long a PPLNS division waits for every device tag's projection to pass the block's share. */
    private static final Duration WINDOW_SETTLE = Duration.ofSeconds(10);
    /** After this long, a block whose share never reached the journal is divided over the shares before it. */
    private static final Duration MISSING_SHARE_GRACE = Duration.ofSeconds(60);
    /** PPLNS work older than this is merged per account and hour. */
    private static final Duration PPLNS_MERGE_AFTER = Duration.ofDays(1);

    private final ActorSystem<Void> system;
    private final Database database;
    private final MiningEdge edge;
    private final ServerBinding api;
    private final ServerBinding management;
    private final SimulatedFleet fleet;
    private final ExecutorService blocking;
    private final LightningNode lightning;
    private final PayoutService payouts;

    private PoolNode(ActorSystem<Void> system, Database database, MiningEdge edge, ServerBinding api, ServerBinding management,
                     SimulatedFleet fleet, ExecutorService blocking, LightningNode lightning, PayoutService payouts) {
        this.lightning = lightning;
        this.payouts = payouts;
        this.system = system;
        this.database = database;
        this.edge = edge;
        this.api = api;
        this.management = management;
        this.fleet = fleet;
        this.blocking = blocking;
    }

    /** {@code run}: starts a node and blocks until the JVM is asked to stop. */
    public static void run(Options options) {
        options.requireOnly("simulate");
        int simulate = options.integer("simulate", 0, 0, 10_000);
        PoolNode node = start(ConfigFactory.load(), simulate);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "shutdown"));
        node.system.getWhenTerminated().toCompletableFuture().join();
    }

    /** Starts a node from the given settings; a wrong setting throws a {@code SettingsException} naming it. */
    public static PoolNode start(Config config, int simulate) {
        StratumSettings stratum = StratumSettings.fromConfig(config);
        DatabaseSettings dbSettings = DatabaseSettings.fromConfig(config);
        PoolSettings pool = PoolSettings.fromConfig(config);
        ConfigReader reader = new ConfigReader(config);
        String apiHost = reader.string("micromining.api.bind-host", "POOL_BIND_HOST");
        int apiPort = reader.integer("micromining.api.port", "POOL_API_PORT", 0, 65535);
        int managementPort = reader.integer("micromining.management.port", "POOL_MANAGEMENT_PORT", 0, 65535);
        Duration cleanupInterval = reader.duration("micromining.journal-cleanup-interval", "POOL_JOURNAL_CLEANUP_INTERVAL",
                Duration.ofSeconds(1));
        double hashrate = reader.positive("micromining.simulate.hashrate", "POOL_SIMULATE_HASHRATE");
        Duration statusInterval = reader.duration("micromining.status-interval", "POOL_STATUS_INTERVAL", Duration.ofSeconds(1));
        EmbeddedChainSettings chainSettings = stratum.embeddedChain();
        if (simulate > 0) {
            Duration demoInterval = reader.duration("micromining.simulate.block-interval", "POOL_SIMULATE_BLOCK_INTERVAL",
                    Duration.ofSeconds(1));
            chainSettings = new EmbeddedChainSettings(chainSettings.startDifficulty(), chainSettings.minDifficulty(),
                    demoInterval, chainSettings.templateTxs(), chainSettings.refreshInterval());
        }

        Database database = Database.open(dbSettings);
        ActorSystem<Void> system;
        try {
            system = ActorSystem.create(Behaviors.empty(), "micromining", database.pekkoConfig().withFallback(config));
        } catch (RuntimeException e) {
            database.close();
            Config remote = config.getConfig("pekko.remote.artery.canonical");
            throw new IllegalStateException("the cluster listener could not start on " + remote.getString("hostname") + ":"
                    + remote.getString("port") + " (POOL_CLUSTER_HOST, POOL_CLUSTER_PORT): " + rootMessage(e), e);
        }
        ExecutorService blocking = Executors.newFixedThreadPool(dbSettings.poolSize(), r -> {
            Thread t = new Thread(r, "read-side-query");
            t.setDaemon(true);
            return t;
        });
        try {
            SingleNodeCluster.join(system);
            DeviceEntity.initSharding(system, pool.snapshotEvery());
            MemberEntity.initSharding(system, pool.snapshotEvery());
            boolean pplns = pool.scheme() == AccrualScheme.PPLNS;
            ReadSideProjections.init(system, database.dataSource(), pool.recordTimeout(), pplns);
            ActorRef<PoolStatsEntity.Command> poolStats = system.systemActorOf(PoolStatsEntity.create(stratum.nodeId()),
                    "pool-stats", Props.empty());
            JdbcWorkWindow workWindow = new JdbcWorkWindow(database.dataSource(), blocking, WINDOW_SETTLE, MISSING_SHARE_GRACE,
                    java.time.Clock.systemUTC());
            ActorRef<BlockRewardDistributor.Command> rewards = pool.scheme().paysPerShare() ? null
                    : system.systemActorOf(BlockRewardDistributor.create(stratum.nodeId(), new BlockRewardDistributor.Settings(
                            pool.scheme(), pool.split(), pool.pplnsWindow(), Duration.ofSeconds(1), pool.recordTimeout()),
                            workWindow), "block-rewards", Props.empty());
            BlockListener blocks = (result, finder, template) -> {
                long now = System.currentTimeMillis();
                poolStats.tell(new PoolStatsEntity.RecordBlock(result.height(), result.blockHash(), finder, result.accepted(),
                        result.reason(), now));
                if (rewards != null && result.accepted()) {
                    rewards.tell(new BlockRewardDistributor.BlockAccepted(new FoundBlock(result.blockHash(), result.height(),
                            finder, Math.multiplyExact(template.coinbaseValue(), 1000L), Difficulty.fromBits(template.bits()), now)));
                }
            };
            log.info("Accounting: {}{}, split {}", pool.scheme(), pplns ? " over " + pool.pplnsWindow() : "", pool.split().describe());

            DurableShareRecorder recorder = new DurableShareRecorder(system, pool.recordTimeout(), pool.split(), pool.scheme());
            TemplateSource source = stratum.bitcoind() != null
                    ? new BitcoindTemplateSource(stratum.bitcoind(), stratum.network())
                    : new EmbeddedChain(chainSettings);
            AtomicReference<MiningEdge> edgeRef = new AtomicReference<>();
            ServerBinding management = bind(system, apiHost, managementPort, new HealthRoutes(() -> {
                List<String> reasons = new ArrayList<>();
                if (!source.ready()) {
                    reasons.add("the template source is not current");
                }
                if (edgeRef.get() == null) {
                    reasons.add("the Stratum listener is not up yet");
                }
                return reasons;
            }).routes(), "the health endpoints", "POOL_MANAGEMENT_PORT");
            MiningEdge edge = startEdge(system, stratum, source, recorder, blocks);
            edgeRef.set(edge);
            system.systemActorOf(RejectionReporter.create(edge.stats(), poolStats, pool.rejectionsInterval()),
                    "rejection-reporter", Props.empty());

            ReadModels read = new ReadModels(database.dataSource());
            LightningNode lightning = lightningNode(reader, stratum, dbSettings);
            LnurlPay lnurl = new LnurlPay(reader.duration("micromining.lightning.lnurl-timeout", "POOL_LNURL_TIMEOUT",
                    Duration.ofMillis(100)));
            ClusterSharding sharding = ClusterSharding.get(system);
            PayoutService payouts = new PayoutService(system, pool.payouts(), lightning, lnurl,
                    account -> sharding.entityRefFor(MemberEntity.TYPE_KEY, account),
                    () -> CompletableFuture.supplyAsync(() -> {
                        try {
                            return read.payoutCandidates(pool.payouts().minimumMsat());
                        } catch (java.sql.SQLException e) {
                            throw new java.util.concurrent.CompletionException(e);
                        }
                    }, blocking), blocking);
            payouts.start();
            String publicUrl = reader.string("micromining.lightning.public-url", "POOL_PUBLIC_URL").trim();
            Route routes = org.apache.pekko.http.javadsl.server.Directives.concat(
                    new PoolApiRoutes(read, edge.jobs()::current, blocking).routes(),
                    new MetricsRoutes(edge.stats(), edge.jobs()::current, payouts).routes(),
                    new MemberRoutes(sharding, lnurl, reader.string("micromining.api.admin-token", "POOL_ADMIN_TOKEN").trim(),
                            pool.defaultThresholdMsat(), blocking).routes(),
                    new LnurlRoutes(lightning, reader.string("micromining.lightning.donation-name", "POOL_DONATION_NAME"), publicUrl,
                            (amount, hash) -> poolStats.tell(new PoolStatsEntity.RecordDonation(amount, hash,
                                    System.currentTimeMillis()))).routes());
            ServerBinding api;
            try {
                api = bind(system, apiHost, apiPort, routes, "the JSON API", "POOL_API_PORT");
            } catch (RuntimeException e) {
                edge.close();
                throw e;
            }
            log.info("JSON API on http://{}:{}/api/pool, health on :{}/health/ready", apiHost, api.localAddress().getPort(),
                    management.localAddress().getPort());

            JournalCleanup cleanup = new JournalCleanup(database.dataSource(), ReadSideProjections.ids(pplns));
            system.scheduler().scheduleWithFixedDelay(cleanupInterval, cleanupInterval, () -> blocking.execute(() -> {
                try {
                    int deleted = cleanup.runOnce();
                    if (deleted > 0) {
                        log.info("Journal cleanup deleted {} events every projection has read", deleted);
                    }
                } catch (Exception e) {
                    log.warn("Journal cleanup failed: {}", e.toString());
                }
                if (pplns) {
                    try {
                        // Twice the window at today's difficulty, so a block found after a retarget still has its work.
                        java.math.BigDecimal keep = pool.pplnsWindow().difficulty(edge.jobs().current().networkDifficulty())
                                .multiply(java.math.BigDecimal.valueOf(2));
                        int merged = workWindow.compact(System.currentTimeMillis() - PPLNS_MERGE_AFTER.toMillis(), keep);
                        if (merged > 0) {
                            log.info("PPLNS work window: {} old share rows merged or deleted", merged);
                        }
                    } catch (Exception e) {
                        log.warn("PPLNS work window compaction failed: {}", e.toString());
                    }
                }
            }), system.executionContext());

            log.info("Pool running on {} with payout address {}; mine with stratum+tcp://<this host>:{} user <account>.<worker>",
                    stratum.network(), stratum.payoutAddress(), edge.address().getPort());
            SimulatedFleet fleet = simulate > 0 ? SimulatedFleet.start(simulate, edge.address(), hashrate) : null;
            Duration firstStatus = statusInterval.compareTo(Duration.ofSeconds(15)) < 0 ? statusInterval : Duration.ofSeconds(15);
            system.scheduler().scheduleAtFixedRate(firstStatus, statusInterval, new StatusLine(edge, fleet),
                    system.executionContext());
            return new PoolNode(system, database, edge, api, management, fleet, blocking, lightning, payouts);
        } catch (RuntimeException e) {
            system.terminate();
            blocking.shutdownNow();
            database.close();
            throw e;
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

    /**
     * Starts the mining edge once the template source gave its first template. The embedded chain
     * answers at once; bitcoind may be unreachable or still syncing, so the node waits for it (logging
     * what is missing), unless it turns out to serve another network.
     */
    private static MiningEdge startEdge(ActorSystem<Void> system, StratumSettings stratum, TemplateSource source,
                                        DurableShareRecorder recorder, BlockListener blocks) {
        CompletableFuture<MiningEdge> edge = MiningEdge.start(system, stratum, source, recorder, recorder, blocks)
                .toCompletableFuture();
        CompletableFuture<Void> verified = source.verified().toCompletableFuture();
        if (stratum.bitcoind() != null) {
            log.info("Waiting for the first template from bitcoind at {}", stratum.bitcoind().url());
        }
        try {
            CompletableFuture.anyOf(edge, verified.thenCompose(v -> new CompletableFuture<>())).join();
            return edge.join();
        } catch (java.util.concurrent.CompletionException e) {
            source.close();
            if (verified.isCompletedExceptionally()) {
                throw new IllegalStateException(rootMessage(e), e);
            }
            throw new IllegalStateException("the Stratum listener could not start on " + stratum.server().bindHost()
                    + ":" + stratum.server().port() + " (POOL_BIND_HOST, POOL_STRATUM_PORT): " + rootMessage(e), e);
        }
    }

    /** LND when a host is set, else the embedded simulated node with its payments kept under the data directory. */
    private static LightningNode lightningNode(ConfigReader reader, StratumSettings stratum, DatabaseSettings db) {
        String lndHost = reader.string("micromining.lightning.lnd.host", "POOL_LND_HOST").trim();
        if (!lndHost.isEmpty()) {
            LndSettings lnd = new LndSettings(lndHost,
                    reader.integer("micromining.lightning.lnd.port", "POOL_LND_PORT", 1, 65535),
                    java.nio.file.Path.of(reader.string("micromining.lightning.lnd.tls-cert", "POOL_LND_TLS_CERT").trim()),
                    java.nio.file.Path.of(reader.string("micromining.lightning.lnd.macaroon", "POOL_LND_MACAROON").trim()));
            try {
                LndNode node = LndNode.connect(lnd, Duration.ofSeconds(30));
                log.info("Lightning: LND at {}:{} (identity {})", lnd.host(), lnd.port(),
                        java.util.HexFormat.of().formatHex(node.identityKey()));
                return node;
            } catch (LndSettings.InvalidSetting e) {
                throw new SettingsException(e.setting().path(), e.setting().env(), e.problem());
            }
        }
        String currency = switch (stratum.network()) {
            case MAINNET -> "bc";
            case TESTNET4 -> "tb";
            case SIGNET -> "tbs";
            case REGTEST -> "bcrt";
        };
        java.nio.file.Path dataDir = java.nio.file.Path.of(reader.string("micromining.data-dir", "POOL_DATA_DIR"));
        try {
            java.nio.file.Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dataDir + " (POOL_DATA_DIR): " + e.getMessage(), e);
        }
        log.info("Lightning: the embedded simulated node (set POOL_LND_HOST for LND)");
        SimulatedNode node = new SimulatedNode(new SimulatedNetwork(), currency,
                reader.positiveLong("micromining.lightning.simulated.outbound-msat", "POOL_SIM_LN_OUTBOUND_MSAT"),
                reader.positiveLong("micromining.lightning.simulated.inbound-msat", "POOL_SIM_LN_INBOUND_MSAT"),
                dataDir.resolve("simulated-lightning-node.state"));
        node.setSettleDelay(reader.duration("micromining.lightning.simulated.settle-delay", "POOL_SIM_LN_SETTLE_DELAY", Duration.ZERO));
        return node;
    }

    private static ServerBinding bind(ActorSystem<?> system, String host, int port, Route routes, String what, String env) {
        try {
            return Http.get(system).newServerAt(host, port).bind(routes).toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(what + " could not start on " + host + ":" + port + " (POOL_BIND_HOST, " + env
                    + "): " + rootMessage(e), e);
        }
    }

    public MiningEdge edge() {
        return edge;
    }

    /** Stops taking miners, lets the actor system finish what is in flight, then closes the database. */
    @Override
    public void close() {
        log.info("Stopping the pool");
        if (fleet != null) {
            fleet.close();
        }
        for (ServerBinding binding : List.of(api, management)) {
            try {
                binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("HTTP listener did not unbind cleanly: {}", e.toString());
            }
        }
        edge.close();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Actor system did not stop cleanly: {}", e.toString());
        }
        blocking.shutdownNow();
        lightning.close();
        database.close();
    }

    public LightningNode lightning() {
        return lightning;
    }

    public PayoutService payouts() {
        return payouts;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    /** One line of pool totals per interval. */
    private static final class StatusLine implements Runnable {
        private final MiningEdge edge;
        private final SimulatedFleet fleet;
        private long lastAccepted;

        StatusLine(MiningEdge edge, SimulatedFleet fleet) {
            this.edge = edge;
            this.fleet = fleet;
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
}
