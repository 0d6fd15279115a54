package club.micromining.web.port;

import club.micromining.pool.facade.AlertSettingsResult;
import club.micromining.pool.facade.Caller;
import club.micromining.pool.facade.ClaimResult;
import club.micromining.pool.facade.PayoutSettingsResult;
import club.micromining.pool.facade.Pool;
import club.micromining.pool.facade.WatcherLinkResult;
import club.micromining.pool.login.LoginChallenge;
import club.micromining.pool.login.Logins;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.AlertSettingsView;
import club.micromining.pool.view.AlertView;
import club.micromining.pool.view.BlockView;
import club.micromining.pool.view.DayCreditView;
import club.micromining.pool.view.FundingGoalView;
import club.micromining.pool.view.HighScoresView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.JobView;
import club.micromining.pool.view.PoolView;
import club.micromining.pool.view.RecentShareView;
import club.micromining.stratum.session.WorkerName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The web app's port on the pool's front door. */
public final class PoolPort implements ClubPort {
    private final Pool pool;

    public PoolPort(Pool pool) {
        this.pool = pool;
    }

    private interface Named<T> {
        CompletionStage<T> run() throws WorkerName.InvalidWorkerName;
    }

    /** A name that is no account becomes a failed stage the page explains, not an exception on the UI thread. */
    private static <T> CompletionStage<T> named(Named<T> call) {
        try {
            return call.run();
        } catch (WorkerName.InvalidWorkerName e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(e.getMessage(), e));
        }
    }

    @Override
    public CompletionStage<PoolView> summary() {
        return pool.summary();
    }

    @Override
    public CompletionStage<HistoryView> poolHistory() {
        return pool.poolHistory();
    }

    @Override
    public CompletionStage<FundingGoalView> fundingGoal() {
        return pool.fundingGoal();
    }

    @Override
    public List<RecentShareView> recentShares(int limit) {
        return pool.recentShares(limit);
    }

    @Override
    public CompletionStage<HighScoresView> highScores() {
        return pool.highScores();
    }

    @Override
    public CompletionStage<Optional<AccountView>> account(String account) {
        return named(() -> pool.account(account));
    }

    @Override
    public CompletionStage<Map<String, HistoryView>> accountHistory(String account) {
        return named(() -> pool.accountHistory(account));
    }

    @Override
    public CompletionStage<List<DayCreditView>> accountEarnings(String account, int days) {
        return named(() -> pool.accountEarnings(account, days));
    }

    @Override
    public CompletionStage<List<BlockView>> blocks(int limit) {
        return pool.blocks(limit);
    }

    @Override
    public Optional<JobView> currentJob() {
        return pool.currentJob();
    }

    @Override
    public CompletionStage<List<String>> accountsOf(String linkingKey) {
        return pool.accountsOf(new Caller.Wallet(linkingKey));
    }

    @Override
    public CompletionStage<ClaimResult> claimCode(String linkingKey, String account) {
        return named(() -> pool.claimCode(new Caller.Wallet(linkingKey), account));
    }

    @Override
    public CompletionStage<PayoutSettingsResult> setPayoutSettings(String linkingKey, String account, String destination,
                                                                   OptionalLong thresholdMsat) {
        return named(() -> pool.setPayoutSettings(new Caller.Wallet(linkingKey), account, destination, thresholdMsat));
    }

    @Override
    public CompletionStage<AlertSettingsView> alertSettings(String account) {
        return named(() -> pool.alertSettings(account));
    }

    @Override
    public CompletionStage<List<AlertView>> alerts(String account) {
        return named(() -> pool.alerts(account));
    }

    @Override
    public CompletionStage<AlertSettingsResult> setAlertSettings(String linkingKey, String account, int silentMinutes, boolean bestShare,
                                                                 String webhookUrl) {
        return named(() -> pool.setAlertSettings(new Caller.Wallet(linkingKey), account, silentMinutes, bestShare, webhookUrl));
    }

    @Override
    public CompletionStage<WatcherLinkResult> watcherLink(String linkingKey, String account) {
        return named(() -> pool.watcherLink(new Caller.Wallet(linkingKey), account));
    }

    @Override
    public CompletionStage<Void> revokeWatcherLink(String linkingKey, String account) {
        return named(() -> pool.revokeWatcherLink(new Caller.Wallet(linkingKey), account).thenApply(done -> (Void) null));
    }

    @Override
    public CompletionStage<Optional<String>> watchedAccount(String token) {
        return pool.watchedAccount(token);
    }

    @Override
    public CompletionStage<Logins.Challenge> loginChallenge(String callback) {
        return pool.logins().challenge(callback);
    }

    @Override
    public CompletionStage<LoginChallenge.Answered> answerLogin(String k1, String sig, String key) {
        return pool.logins().answer(k1, sig, key);
    }

    @Override
    public CompletionStage<LoginChallenge.Taken> takeLogin(String k1) {
        return pool.logins().take(k1);
    }
}
