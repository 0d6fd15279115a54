package club.micromining.persistence;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseLease;
import club.micromining.persistence.db.NodeIds;
import club.micromining.pool.cluster.ClusterDuty;
import club.micromining.persistence.db.JournalCleanup;
import club.micromining.persistence.pplns.JdbcWorkWindow;
import club.micromining.persistence.projection.ProjectionLag;
import club.micromining.persistence.projection.ReadSideProjections;
import club.micromining.persistence.projection.YieldToShares;
import club.micromining.pool.shares.ShareWriteLag;
import club.micromining.persistence.ledger.LedgerKey;
import club.micromining.persistence.ledger.LedgerRoot;
import club.micromining.persistence.ledger.OpenTimestamps;
import java.io.IOException;
import club.micromining.persistence.ledger.LedgerKinds;
import club.micromining.persistence.ledger.LedgerStore;
import club.micromining.persistence.readmodel.HistoryQueries;
import club.micromining.persistence.readmodel.MemberQueries;
import club.micromining.persistence.readmodel.ReadModels;
import club.micromining.pool.accounting.WorkWindow;
import club.micromining.pool.alerts.AlertDelivery;
import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.facade.ReadSide;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.AlertSettingsView;
import club.micromining.pool.view.AlertView;
import club.micromining.pool.view.BlockView;
import club.micromining.pool.view.DayCreditView;
import club.micromining.pool.view.HighScoresView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.MonthView;
import club.micromining.pool.view.PoolView;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import club.micromining.pool.raffle.ChainClock;
import club.micromining.pool.raffle.Raffle;
import club.micromining.persistence.ledger.ProjectsLedger;
import club.micromining.persistence.ledger.RaffleLedger;
import club.micromining.persistence.readmodel.ProjectQueries;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.view.ProjectView;
import club.micromining.pool.view.RoundView;
import java.math.BigInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side on the pool's database: the projections, the queries over the read models, and the upkeep
 * that keeps both small (events every projection has read are deleted from the journal; the PPLNS work
 * window is merged and trimmed to what the payment scheme still needs).
 */
public final class JdbcReadSide implements ReadSide {
    private static final Logger log = LoggerFactory.getLogger(JdbcReadSide.class);

    private final Database database;
    private final PersistenceSettings settings;
    private final ReadModels read;
    private final HistoryQueries history;
    private final MemberQueries members;
    private final LedgerStore ledger;
    private final OpenTimestamps timestamps;
    private volatile org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding sharding;
    private volatile Duration memberTimeout;
    private volatile JdbcWorkWindow workWindow;
    private volatile Raffle.Settings raffleSettings;
    private volatile ProjectionLag lag;
    private final DatabaseLease lease;
    private final boolean releaseLeaseAtStop;
    private final NodeIds nodeIds;
    private volatile ClusterDuty duty;
    /**
     * A node id outlives missed heartbeats longer than the database lease: losing it while alive would let a
     * newcomer write this node's journals; a vanished node's id is free after this.
     */
    private static final Duration NODE_ID_TTL = Duration.ofSeconds(30);
    private final ProjectQueries projects;

    /**
     * @param clusterId the cluster's name, shared by all its nodes (a node of another cluster is refused; a leaving
     *                  node keeps the lease, which is the others' too), or null for a node of its own (which gives
     *                  the lease up at its stop)
     * @throws DatabaseLease.Held when another cluster writes to this database (the message names its node and
     *                            POOL_CLUSTER_SEEDS)
     * @throws club.micromining.common.config.SettingsException when this node's ledger key did not sign the
     *                            ledger in the database
     */
    public JdbcReadSide(Database database, PersistenceSettings settings, String clusterId) {
        this.database = database;
        this.releaseLeaseAtStop = clusterId == null;
        if (clusterId == null) {
            // A node of its own is a cluster of its own: no other process may write its database meanwhile.
            clusterId = java.util.UUID.randomUUID().toString();
        }
        this.settings = settings;
        this.ledger = new LedgerStore(database.dataSource(), LedgerKey.loadOrCreate(settings.ledger().dataDir()), settings.ledger().origin());
        // An embedded H2 database is one process's by its file lock already; a restart after a crash must not wait for a lease.
        boolean shared = database.settings().kind() == club.micromining.persistence.db.DatabaseSettings.Kind.POSTGRES;
        this.lease = shared ? new DatabaseLease(database.dataSource(), settings.leaseHolder(), clusterId, settings.leaseTtl()) : null;
        this.nodeIds = shared ? new NodeIds(database.dataSource(), settings.leaseHolder(), NODE_ID_TTL) : null;
        if (lease != null) {
            try {
                lease.acquire();
                nodeIds.claim();
            } catch (SQLException e) {
                throw new IllegalStateException("the database lease could not be taken: " + e.getMessage(), e);
            }
        }
        try {
            ledger.requireSignerOfLatestRoot();
        } catch (RuntimeException e) {
            // The lease stays: it may be the whole cluster's. The node id is this node's alone.
            if (nodeIds != null) {
                try {
                    nodeIds.release();
                } catch (SQLException | RuntimeException ignored) {
                    // it expires by itself
                }
            }
            throw e;
        }
        this.timestamps = new OpenTimestamps(settings.ledger().otsCalendars(), Duration.ofSeconds(10));
        this.read = new ReadModels(database.dataSource());
        this.history = new HistoryQueries(database.dataSource());
        this.members = new MemberQueries(database.dataSource());
        this.projects = new ProjectQueries(database.dataSource());
    }

    @Override
    public void start(ActorSystem<?> system, Executor blocking, PaymentScheme scheme, Duration askTimeout,
                      Supplier<OptionalDouble> networkDifficulty, AlertDelivery alerts, Raffle.Settings raffle,
                      ChainClock chain, Voting voting, LongUnaryOperator feeBudget, ShareWriteLag shareLag) {
        this.raffleSettings = raffle;
        ledger.raffle().start(raffle, chain);
        ledger.projects().start(voting, feeBudget);
        this.sharding = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(system);
        this.memberTimeout = askTimeout;
        workWindow = new JdbcWorkWindow(database.dataSource(), blocking, settings.workWindowSettle(), settings.missingShareGrace(),
                Clock.systemUTC());
        long period = settings.ledger().period().toMillis();
        YieldToShares yielding = new YieldToShares(shareLag, settings.yieldAfter(), settings.maxHold(),
                (delay, task) -> system.scheduler().scheduleOnce(delay, task, system.executionContext()));
        ReadSideProjections.init(system, database.dataSource(), askTimeout, scheme, alerts, ledger, period, yielding);
        lag = new ProjectionLag(database.dataSource(), ReadSideProjections.ids(scheme));
        Cancellable lagging = system.scheduler().scheduleWithFixedDelay(Duration.ofSeconds(1), Duration.ofSeconds(5),
                () -> blocking.execute(this::measureLag), system.executionContext());
        if (lease != null) {
            holdLease(system, blocking);
        }
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-read-side-lag", () -> {
            lagging.cancel();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        JournalCleanup cleanup = new JournalCleanup(database.dataSource(), ReadSideProjections.ids(scheme));
        Duration sealEvery = Duration.ofMillis(Math.max(100, Math.min(period / 10, 10_000)));
        Duration interval = settings.journalCleanupInterval();
        List<Cancellable> running = new java.util.concurrent.CopyOnWriteArrayList<>();
        duty = ClusterDuty.of(() -> {
            running.add(system.scheduler().scheduleWithFixedDelay(sealEvery, sealEvery,
                    () -> blocking.execute(this::seal), system.executionContext()));
            running.add(system.scheduler().scheduleWithFixedDelay(interval, interval,
                    () -> blocking.execute(() -> upkeep(cleanup, scheme, networkDifficulty.get())), system.executionContext()));
        }, () -> {
            running.forEach(Cancellable::cancel);
            running.clear();
        });
    }

    @Override
    public ClusterDuty clusterDuty() {
        if (duty == null) {
            throw new IllegalStateException("the read side has not been started");
        }
        return duty;
    }

    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        if (lag == null) {
            throw new IllegalStateException("the read side has not been started");
        }
        lag.bindTo(registry);
    }

    /**
     * This node's id in its cluster (its extranonce1 prefix, the name of its pool-stats and block-reward
     * journals): claimed from the shared database; 0 on the embedded one, which only one process opens.
     */
    public int nodeId() {
        return nodeIds == null ? 0 : nodeIds.id();
    }

    /** Renews the database lease and the node id every third of the lease's lifetime until the node stops, then gives them up. */
    private void holdLease(ActorSystem<?> system, Executor blocking) {
        Duration beat = Duration.ofMillis(Math.max(100, lease.ttl().toMillis() / 3));
        Cancellable heartbeat = system.scheduler().scheduleWithFixedDelay(beat, beat, () -> blocking.execute(this::renewLease),
                system.executionContext());
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "release-database-lease", () -> {
            heartbeat.cancel();
            try {
                nodeIds.release();
                if (releaseLeaseAtStop) {
                    lease.release();
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("The database lease was not given up ({}); it expires by itself in {} s", e.getMessage(), lease.ttl().toSeconds());
            }
            return CompletableFuture.completedFuture(Done.getInstance());
        });
    }

    private void renewLease() {
        try {
            if (!nodeIds.renew()) {
                log.error("This node's id {} expired and another node took it: stop this node; two nodes would write the same "
                        + "journals and hand out the same extranonce1", nodeIds.id());
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("The node id could not be renewed ({}); it expires in at most {} s", e.getMessage(), NODE_ID_TTL.toSeconds());
        }
        try {
            if (!lease.renew()) {
                log.error("This node's cluster lost the database lease (it expired and another cluster took it): stop this node; "
                        + "its writes would mix with theirs");
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("The database lease could not be renewed ({}); it expires in at most {} s", e.getMessage(), lease.ttl().toSeconds());
        }
    }

    private void measureLag() {
        try {
            lag.refresh();
        } catch (SQLException | RuntimeException e) {
            log.debug("Projection lag not measured: {}", e.toString());
        }
    }

    /** The public ledger, for its routes, the web app and the coinbase anchor. */
    public LedgerStore ledger() {
        return ledger;
    }

    private void seal() {
        long now = System.currentTimeMillis();
        long period = settings.ledger().period().toMillis();
        long until = LedgerKinds.periodOf(now - settings.ledger().sealDelay().toMillis(), period);
        boolean sealed = false;
        try {
            Optional<LedgerRoot> root = ledger.seal(until, period, now);
            root.ifPresent(r -> log.info("Ledger root {} over entries {}..{}; tree head {} entries, root {}",
                    r.index(), r.firstSeq(), r.lastSeq(), r.treeSize(), r.treeRoot()));
            sealed = root.isPresent();
        } catch (SQLException | RuntimeException e) {
            log.warn("The ledger's period could not be sealed (tried again shortly): {}", e.toString());
        }
        try {
            for (Raffle.Draw d : ledger.raffle().draw()) {
                log.info("Raffle of round {} drawn from block {} at height {}: {} wins", d.roundId(), d.blockHash(), d.height(), d.winner());
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("The raffle could not be drawn (tried again shortly): {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        creditPrizes();
        sendTallies();
        if (sealed && timestamps.enabled()) {
            try {
                ledger.stampRoots(timestamps);
            } catch (IOException | SQLException | RuntimeException e) {
                log.warn("OpenTimestamps: {} (tried again at the next root)", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sends every drawn prize its winner's entity has not acknowledged: at least once from here, once in
     * the balance (the entity keys prizes by their draw), so a crash in between only sends it again. A winner
     * with no payout destination (an unclaimed account) is waited for until the claim window has passed;
     * then the prize rolls over to the next round's pot.
     */
    private void creditPrizes() {
        try {
            for (RaffleLedger.PendingPrize p : ledger.raffle().pendingPrizes()) {
                MemberState winner = sharding.entityRefFor(MemberEntity.TYPE_KEY, p.winner())
                        .<MemberState>ask(MemberEntity.GetMember::new, memberTimeout)
                        .toCompletableFuture().get(memberTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
                if (winner.payout().destination() == null) {
                    if (System.currentTimeMillis() - p.drawnAtMillis() >= raffleSettings.claimWindow().toMillis()) {
                        ledger.raffle().rollOver(p);
                        log.info("Raffle prize of round {} ({} msat) rolled over: {} set no payout destination in time", p.round(),
                                p.msat(), p.winner());
                    }
                    continue;
                }
                sharding.entityRefFor(MemberEntity.TYPE_KEY, p.winner())
                        .<Done>askWithStatus(r -> new MemberEntity.CreditPrize(p.round(), p.drawSeq(), p.msat(), r), memberTimeout)
                        .toCompletableFuture().get(memberTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
                ledger.raffle().credited(p.round());
                log.info("Raffle prize of round {}: {} msat credited to {}", p.round(), p.msat(), p.winner());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("A raffle prize could not be credited yet (sent again shortly): {}", e.toString());
        }
    }

    /** Hands every tallied project its result until all of a round's have acknowledged (the entities take a result once). */
    private void sendTallies() {
        try {
            Map<String, Boolean> rounds = new java.util.LinkedHashMap<>();
            for (ProjectsLedger.PendingResult r : ledger.projects().pendingResults()) {
                sharding.entityRefFor(ProjectEntity.TYPE_KEY, r.project())
                        .<Done>askWithStatus(reply -> new ProjectEntity.RecordTally(r.tallySeq(), r.inFavour(), r.against(), r.voters(),
                                r.rank(), r.funded(), r.feeBudgetMsat(), reply), memberTimeout)
                        .toCompletableFuture().get(memberTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
                if (r.funded()) {
                    log.info("Project {} funded by the vote of round {}", r.project(), r.round());
                }
                rounds.put(r.round(), true);
            }
            for (String round : rounds.keySet()) {
                ledger.projects().acknowledged(round);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("A project's tally could not be handed over yet (sent again shortly): {}", e.toString());
        }
    }

    private void upkeep(JournalCleanup cleanup, PaymentScheme scheme, OptionalDouble networkDifficulty) {
        try {
            int deleted = cleanup.runOnce();
            if (deleted > 0) {
                log.info("Journal cleanup deleted {} events every projection has read", deleted);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Journal cleanup failed: {}", e.toString());
        }
        if (networkDifficulty.isEmpty()) {
            return;
        }
        Optional<BigDecimal> keep = scheme.workToKeep(networkDifficulty.getAsDouble());
        if (keep.isEmpty()) {
            return;
        }
        try {
            int merged = workWindow.compact(System.currentTimeMillis() - settings.workMergeAfter().toMillis(), keep.get());
            if (merged > 0) {
                log.info("PPLNS work window: {} old share rows merged or deleted", merged);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("PPLNS work window compaction failed: {}", e.toString());
        }
    }

    @Override
    public WorkWindow workWindow() {
        if (workWindow == null) {
            throw new IllegalStateException("the read side has not been started");
        }
        return workWindow;
    }

    @Override
    public PoolView pool(long nowMillis) {
        return answer(() -> read.pool(nowMillis));
    }

    @Override
    public Optional<AccountView> account(String account, long nowMillis) {
        return answer(() -> read.account(account, nowMillis));
    }

    @Override
    public List<BlockView> blocks(int limit) {
        return answer(() -> read.blocks(limit));
    }

    @Override
    public HistoryView poolHistory(long nowMillis, int periods) {
        return answer(() -> history.pool(nowMillis, periods));
    }

    @Override
    public Map<String, HistoryView> accountHistory(String account, long nowMillis, int periods) {
        return answer(() -> history.account(account, nowMillis, periods));
    }

    @Override
    public HighScoresView highScores(long nowMillis, int limit) {
        return answer(() -> history.highScores(nowMillis, limit));
    }

    @Override
    public MonthView month(long nowMillis) {
        return answer(() -> history.month(nowMillis));
    }

    @Override
    public List<DayCreditView> accountDays(String account, long nowMillis, int days) {
        return answer(() -> history.accountDays(account, nowMillis, days));
    }

    @Override
    public List<AlertSubject> alertSubjects() {
        return answer(members::alertSubjects);
    }

    @Override
    public AlertSettingsView alertSettings(String account) {
        return answer(() -> members.alertSettings(account));
    }

    @Override
    public List<AlertView> alerts(String account, int limit) {
        return answer(() -> members.alerts(account, limit));
    }

    @Override
    public Optional<String> watchedAccount(String tokenHash) {
        return answer(() -> members.watchedAccount(tokenHash));
    }

    @Override
    public List<String> accountsOf(String linkingKey) {
        return answer(() -> read.accountsOf(linkingKey));
    }

    @Override
    public List<String> payoutCandidates(long minimumMsat) {
        return answer(() -> read.payoutCandidates(minimumMsat));
    }

    @Override
    public List<RoundView> rounds(long nowMillis, int limit) {
        return answer(() -> ledger.raffle().queries().recent(nowMillis, limit));
    }

    @Override
    public Optional<RoundView> round(String id, long nowMillis) {
        return answer(() -> ledger.raffle().queries().round(id, nowMillis));
    }

    @Override
    public BigInteger roundHashes(String account, String round) {
        return answer(() -> ledger.raffle().queries().hashes(account, round));
    }

    @Override
    public List<ProjectView> projects(String round, int limit) {
        return answer(() -> projects.projects(round, limit));
    }

    @Override
    public Optional<ProjectView> project(String id) {
        return answer(() -> projects.project(id));
    }

    @Override
    public List<String> fundingDue() {
        return answer(projects::fundingDue);
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T answer(Query<T> q) {
        try {
            return q.run();
        } catch (SQLException e) {
            throw new Unavailable("the read side could not answer: " + e.getMessage(), e);
        }
    }
}
