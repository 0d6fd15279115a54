package club.micromining.pool.facade;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.lightning.node.Invoice;
import club.micromining.pool.PoolSettings;
import club.micromining.pool.accounting.FoundBlocks;
import club.micromining.pool.alerts.Alerts;
import club.micromining.pool.alerts.WebhookUrls;
import club.micromining.pool.donation.DonationService;
import club.micromining.pool.funding.Goal;
import club.micromining.pool.view.RoundView;
import club.micromining.pool.login.Logins;
import club.micromining.pool.member.ClaimCode;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import club.micromining.pool.payout.PayoutDestination;
import club.micromining.pool.payout.PayoutService;
import club.micromining.pool.shares.DurableShareRecorder;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.AlertSettingsView;
import club.micromining.pool.view.AlertView;
import club.micromining.pool.view.BlockView;
import club.micromining.pool.view.DayCreditView;
import club.micromining.pool.view.FundingGoalView;
import club.micromining.pool.view.HighScoresView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.JobView;
import club.micromining.pool.view.NetworkView;
import club.micromining.pool.view.PoolView;
import club.micromining.pool.view.RecentShareView;
import club.micromining.stratum.MiningEdge;
import club.micromining.stratum.job.BlockListener;
import club.micromining.stratum.session.DeviceListener;
import club.micromining.stratum.session.StratumStats;
import club.micromining.stratum.session.WorkerName;
import club.micromining.stratum.share.ShareRecorder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * The one front door to the pool: the queries and commands the JSON API, the web app and the node's
 * commands use, answered with the typed views of {@code club.micromining.pool.view}, and the hooks the
 * mining edge hands its shares, devices and blocks to. Built by the {@link club.micromining.pool.Guardian};
 * every query runs on the blocking dispatcher, never on the caller's thread.
 */
public final class Pool implements io.micrometer.core.instrument.binder.MeterBinder {
    /** A payout threshold below this would pay out dust more often than anyone wants. */
    public static final long MIN_THRESHOLD_MSAT = 1_000;
    /** Ten-minute periods in the charts of the last day. */
    static final int DAY_PERIODS = 144;
    static final int HIGH_SCORES = 10;
    static final int MAX_SILENT_MINUTES = 7 * 24 * 60;

    private final ActorSystem<?> system;
    private final PoolSettings settings;
    private final ReadSide readSide;
    private final Executor blocking;
    private final DurableShareRecorder shares;
    private final DeviceListener devices;
    private final FoundBlocks foundBlocks;
    private final PayoutService payouts;
    private final DonationService donations;
    private final LnurlPay lnurl;
    private final Logins logins;
    private final Chain chain;
    private final Consumer<StratumStats> edgeStarted;
    private volatile StratumStats edgeStats;
    private volatile io.micrometer.core.instrument.MeterRegistry registry;
    private final RecentShares recentShares;
    private final boolean mainnet;
    private final Club club;

    /** @param edgeStarted hears the edge's counters once it is up (the Guardian reports its rejections) */
    public Pool(ActorSystem<?> system, PoolSettings settings, ReadSide readSide, Executor blocking, DurableShareRecorder shares,
                DeviceListener devices, FoundBlocks foundBlocks, PayoutService payouts, DonationService donations, LnurlPay lnurl,
                Logins logins, Chain chain, Club club, boolean mainnet, Consumer<StratumStats> edgeStarted) {
        this.club = club;
        this.mainnet = mainnet;
        this.chain = chain;
        this.system = system;
        this.settings = settings;
        this.readSide = readSide;
        this.blocking = blocking;
        this.shares = shares;
        this.devices = devices;
        this.foundBlocks = foundBlocks;
        this.payouts = payouts;
        this.donations = donations;
        this.lnurl = lnurl;
        this.logins = logins;
        this.edgeStarted = edgeStarted;
        this.recentShares = new RecentShares(shares);
    }

    // ---- the mining edge's hooks

    /** Where the edge's accepted shares go: the miner hears {@code true} once the share is in the journal. */
    public ShareRecorder shareRecorder() {
        return recentShares;
    }

    /** Where the edge tells of devices connecting and disconnecting; it never waits. */
    public DeviceListener deviceListener() {
        return devices;
    }

    public BlockListener blockListener() {
        return foundBlocks;
    }

    /** The edge is up: its jobs give the network's height and difficulty, its counters the metrics. */
    public void edgeStarted(MiningEdge edge) {
        chain.edgeStarted(edge);
        edgeStats = edge.stats();
        if (registry != null) {
            edge.stats().bindTo(registry);
        }
        edgeStarted.accept(edge.stats());
    }

    // ---- queries

    public CompletionStage<PoolView> summary() {
        return query(() -> readSide.pool(System.currentTimeMillis()).withNetwork(chain.network()));
    }

    /**
     * One account and its devices and payouts; empty when it never mined and has no balance.
     *
     * @throws WorkerName.InvalidWorkerName when {@code account} is not an account name
     */
    public CompletionStage<Optional<AccountView>> account(String account) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        return query(() -> readSide.account(name, System.currentTimeMillis()));
    }

    /** The latest blocks the pool submitted, newest first. */
    public CompletionStage<List<BlockView>> blocks(int limit) {
        return query(() -> readSide.blocks(limit));
    }

    public NetworkView network() {
        return chain.network();
    }

    /** The pool's hash rate over the last 24 hours, in ten-minute periods. */
    public CompletionStage<HistoryView> poolHistory() {
        return query(() -> readSide.poolHistory(System.currentTimeMillis(), DAY_PERIODS));
    }

    /**
     * Each device's hash rate of an account over the last 24 hours, by worker.
     *
     * @throws WorkerName.InvalidWorkerName when {@code account} is not an account name
     */
    public CompletionStage<Map<String, HistoryView>> accountHistory(String account) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        return query(() -> readSide.accountHistory(name, System.currentTimeMillis(), DAY_PERIODS));
    }

    /**
     * What an account was credited on each of the last {@code days} days (UTC), oldest first.
     *
     * @throws WorkerName.InvalidWorkerName when {@code account} is not an account name
     */
    public CompletionStage<List<DayCreditView>> accountEarnings(String account, int days) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        int span = Math.max(1, Math.min(days, 366));
        return query(() -> readSide.accountDays(name, System.currentTimeMillis(), span));
    }

    /** Best shares this month and all time, contributions this month, devices online by model. */
    public CompletionStage<HighScoresView> highScores() {
        return query(() -> readSide.highScores(System.currentTimeMillis(), HIGH_SCORES));
    }

    /**
     * This month's funding goal. The estimate carries on at the current hash rate: what the month's work
     * gave the two funds per unit of difficulty, times the work the last hour's rate does by the month's end.
     */
    /** The club's month: rounds and their raffle, projects and their votes. */
    public Club club() {
        return club;
    }

    /**
     * The round's funding goal: what the project fund and the raffle pot got this round against the goal at
     * the current euro rate, what the round will gather at the pool's hash rate, and what hash rate would
     * reach the goal.
     */
    public CompletionStage<FundingGoalView> fundingGoal() {
        return query(() -> {
            long now = System.currentTimeMillis();
            String id = club.currentRound();
            long end = club.voting().rounds().endOf(id);
            Optional<RoundView> round = readSide.round(id, now);
            long fund = round.map(RoundView::projectFundMsat).orElse(0L);
            long pot = round.map(RoundView::rafflePotMsat).orElse(0L);
            double difficulty = new java.math.BigDecimal(round.map(RoundView::difficulty).orElse("0")).doubleValue();
            double rate = readSide.pool(now).hashrate().h1h();
            double secondsLeft = Math.max(0, end - now) / 1000.0;
            long eurPerBtc = club.eurPerBtc();
            PoolSettings.FundingGoal goal = settings.goal();
            long goalMsat = goal.goalMsat(eurPerBtc);
            long raised = fund + pot;
            return new FundingGoalView(id, end, fund, pot, goal.goalEur(), goalMsat, eurPerBtc,
                    Goal.estimateMsat(raised, difficulty, rate, secondsLeft), Goal.hashrateFor(goalMsat, raised, difficulty, secondsLeft));
        });
    }

    /** The shares this node recorded last, newest first (from memory: the live feed, not the ledger). */
    public List<RecentShareView> recentShares(int limit) {
        return recentShares.latest(limit);
    }

    /** The job miners are working on, decoded; empty before the edge has one. */
    /** The hash of the chain's block at a height, as the template source knows it (a raffle's deciding block). */
    public CompletionStage<Optional<String>> blockHashAt(long height) {
        return chain.blockHash(height);
    }

    public Optional<JobView> currentJob() {
        return chain.currentJob();
    }


    /**
     * Registers the pool's meters: the share path's journal writes, payouts, the chain mined on, and the
     * edge's counters and latencies once it is up. No meter has a device or account label: those figures are
     * the read models'.
     */
    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        this.registry = registry;
        shares.bindTo(registry);
        payouts.bindTo(registry);
        readSide.bindTo(registry);
        io.micrometer.core.instrument.Gauge.builder("micromining.network.height", chain,
                        c -> c.network().height() == null ? Double.NaN : c.network().height())
                .description("Height of the block being mined").register(registry);
        io.micrometer.core.instrument.Gauge.builder("micromining.network.difficulty", chain,
                        c -> c.network().difficulty() == null ? Double.NaN : c.network().difficulty())
                .description("Network difficulty of the block being mined").register(registry);
        StratumStats s = edgeStats;
        if (s != null) {
            s.bindTo(registry);
        }
    }

    // ---- commands

    /**
     * Sets where an account's payouts go and from what balance; the destination is checked first (a
     * Lightning Address must resolve). A member's wallet may change only an account it claimed; the
     * operator any.
     *
     * @param thresholdMsat empty for the pool's default threshold
     * @throws WorkerName.InvalidWorkerName when {@code account} is not an account name
     */
    public CompletionStage<PayoutSettingsResult> setPayoutSettings(Caller caller, String account, String destination,
                                                                   OptionalLong thresholdMsat) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        String to = destination == null ? "" : destination.trim();
        long threshold = thresholdMsat.orElse(settings.defaultThresholdMsat());
        if (threshold < MIN_THRESHOLD_MSAT) {
            return CompletableFuture.completedFuture(
                    new PayoutSettingsResult.Refused("thresholdMsat must be at least " + MIN_THRESHOLD_MSAT));
        }
        String actingKey = actingKey(caller);
        return CompletableFuture.supplyAsync(() -> PayoutDestination.problem(to, lnurl), blocking).thenCompose(problem -> {
            if (problem.isPresent()) {
                return CompletableFuture.completedFuture(new PayoutSettingsResult.Refused(problem.get()));
            }
            return member(name).<Done>askWithStatus(r -> new MemberEntity.SetPayoutSettings(
                            new MemberState.PayoutSettings(to, threshold), actingKey, r), settings.askTimeout())
                    .handle((done, failure) -> {
                        if (failure == null) {
                            return new PayoutSettingsResult.Saved(name, to, threshold);
                        }
                        return refusedOrThrow(failure, PayoutSettingsResult.Refused::new);
                    });
        });
    }

    /**
     * A claim code for an account, for the logged-in wallet: a miner of the account that authorizes with it
     * as password binds the account to that wallet.
     *
     * @throws WorkerName.InvalidWorkerName when {@code account} is not an account name
     */
    public CompletionStage<ClaimResult> claimCode(Caller.Wallet wallet, String account) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        String code = ClaimCode.newCode();
        long expires = System.currentTimeMillis() + settings.claimCodeLifetime().toMillis();
        return member(name).<Done>askWithStatus(r -> new MemberEntity.IssueClaimCode(wallet.linkingKey(), ClaimCode.hash(code),
                        expires, r), settings.askTimeout())
                .handle((done, failure) -> failure == null ? new ClaimResult.Issued(name, code, expires)
                        : refusedOrThrow(failure, ClaimResult.Refused::new));
    }

    /** The operator frees an account from the wallet that claimed it. */
    public CompletionStage<Done> releaseClaim(Caller.Operator operator, String account) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        return member(name).askWithStatus(MemberEntity.ReleaseClaim::new, settings.askTimeout());
    }

    /**
     * What the account's owner wants to be alerted of; the webhook, if any, is checked first (http or https;
     * on mainnet no loopback or private address).
     *
     * @throws WorkerName.InvalidWorkerName when {@code account} is not an account name
     */
    public CompletionStage<AlertSettingsResult> setAlertSettings(Caller caller, String account, int silentMinutes, boolean bestShare,
                                                                  String webhookUrl) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        String hook = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl.trim();
        if (silentMinutes < 0 || silentMinutes > MAX_SILENT_MINUTES) {
            return CompletableFuture.completedFuture(new AlertSettingsResult.Refused(
                    "minutes silent must be between 0 (off) and " + MAX_SILENT_MINUTES));
        }
        return CompletableFuture.supplyAsync(() -> hook == null ? Optional.<String>empty() : WebhookUrls.problem(hook, mainnet), blocking)
                .thenCompose(problem -> {
                    if (problem.isPresent()) {
                        return CompletableFuture.completedFuture(new AlertSettingsResult.Refused(problem.get()));
                    }
                    return member(name).<Done>askWithStatus(r -> new MemberEntity.SetAlertSettings(
                                    new Alerts.Settings(silentMinutes, bestShare, hook), actingKey(caller), r), settings.askTimeout())
                            .handle((done, failure) -> failure == null
                                    ? new AlertSettingsResult.Saved(name, new AlertSettingsView(silentMinutes, bestShare, hook))
                                    : refusedOrThrow(failure, AlertSettingsResult.Refused::new));
                });
    }

    /** @throws WorkerName.InvalidWorkerName when {@code account} is not an account name */
    public CompletionStage<AlertSettingsView> alertSettings(String account) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        return query(() -> readSide.alertSettings(name));
    }

    /** @throws WorkerName.InvalidWorkerName when {@code account} is not an account name */
    public CompletionStage<List<AlertView>> alerts(String account) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        return query(() -> readSide.alerts(name, 50));
    }

    /**
     * A new read-only watcher link of the account (it replaces the previous one): the token of its URL.
     * Only the token's hash is kept.
     *
     * @throws WorkerName.InvalidWorkerName when {@code account} is not an account name
     */
    public CompletionStage<WatcherLinkResult> watcherLink(Caller.Wallet wallet, String account) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        String token = WatcherTokens.newToken();
        return member(name).<Done>askWithStatus(r -> new MemberEntity.IssueWatcherLink(WatcherTokens.hash(token), wallet.linkingKey(), r),
                        settings.askTimeout())
                .handle((done, failure) -> failure == null ? new WatcherLinkResult.Issued(name, token)
                        : refusedOrThrow(failure, WatcherLinkResult.Refused::new));
    }

    /** The account's watcher link stops working. */
    public CompletionStage<Done> revokeWatcherLink(Caller.Wallet wallet, String account) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        return member(name).askWithStatus(r -> new MemberEntity.RevokeWatcherLink(wallet.linkingKey(), r), settings.askTimeout());
    }

    /** The account a watcher link shows, if the link is current. */
    public CompletionStage<Optional<String>> watchedAccount(String token) {
        if (!WatcherTokens.looksLike(token)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return query(() -> readSide.watchedAccount(WatcherTokens.hash(token)));
    }

    /** The accounts the wallet has claimed (as the read side knows them). */
    public CompletionStage<List<String>> accountsOf(Caller.Wallet wallet) {
        return query(() -> readSide.accountsOf(wallet.linkingKey()));
    }

    /** Whether the wallet claimed the account. */
    public CompletionStage<Boolean> owns(Caller.Wallet wallet, String account) throws WorkerName.InvalidWorkerName {
        String name = WorkerName.account(account);
        return member(name).<MemberState>ask(MemberEntity.GetMember::new, settings.askTimeout())
                .thenApply(state -> wallet.linkingKey().equals(state.ownership().boundKey()));
    }

    /** The member entity's word for who acts: the wallet's key, or null for the operator. */
    private static String actingKey(Caller caller) {
        return caller instanceof Caller.Wallet w ? w.linkingKey() : null;
    }

    private EntityRef<MemberEntity.Command> member(String account) {
        return ClusterSharding.get(system).entityRefFor(MemberEntity.TYPE_KEY, account);
    }

    /** A refusal the entity explained becomes a result; any other failure stays one. */
    private static <T> T refusedOrThrow(Throwable failure, Function<String, T> refused) {
        Throwable cause = Failures.unwrap(failure);
        if (cause instanceof StatusReply.ErrorMessage e) {
            return refused.apply(e.getMessage());
        }
        throw failure instanceof CompletionException c ? c : new CompletionException(cause);
    }

    /**
     * A donation invoice to the club, recorded before it is returned; what is paid to it is booked to the
     * project fund exactly once, even if it is paid while the node is down.
     *
     * @param descriptionHash what the invoice commits to (LNURL-pay's metadata), or null
     */
    public CompletionStage<Invoice> donationInvoice(long amountMsat, byte[] descriptionHash) {
        return donations.issue(amountMsat, descriptionHash);
    }

    /** Logging in with a Lightning wallet (LNURL-auth): challenges, wallets' answers, who signed. */
    public Logins logins() {
        return logins;
    }

    /** The smallest and largest donation, in msat. */
    public DonationService.Settings donationBounds() {
        return donations.settings();
    }

    private <T> CompletionStage<T> query(Supplier<T> q) {
        return CompletableFuture.supplyAsync(q, blocking);
    }
}
