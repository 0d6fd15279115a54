package club.micromining.web.port;

import club.micromining.pool.facade.AlertSettingsResult;
import club.micromining.pool.facade.ClaimResult;
import club.micromining.pool.facade.PayoutSettingsResult;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * What the web app asks of the pool: the front door's queries and a member's commands, as the web app
 * needs them. The node passes the facade in ({@link PoolPort}); view tests pass seeded views. Every
 * stage completes off the UI thread; every member command names the wallet and is authorized by the
 * domain again.
 */
public interface ClubPort {

    CompletionStage<PoolView> summary();

    CompletionStage<HistoryView> poolHistory();

    CompletionStage<FundingGoalView> fundingGoal();

    /** Newest first; from memory, never waits. */
    List<RecentShareView> recentShares(int limit);

    CompletionStage<HighScoresView> highScores();

    /** Empty for an account that never mined; fails with {@link IllegalArgumentException} for a name that is none. */
    CompletionStage<Optional<AccountView>> account(String account);

    CompletionStage<Map<String, HistoryView>> accountHistory(String account);

    CompletionStage<List<DayCreditView>> accountEarnings(String account, int days);

    CompletionStage<List<BlockView>> blocks(int limit);

    Optional<JobView> currentJob();

    /** The accounts a wallet claimed. */
    CompletionStage<List<String>> accountsOf(String linkingKey);

    /** A claim code of an account for the wallet. */
    CompletionStage<ClaimResult> claimCode(String linkingKey, String account);

    /** A member's payout settings; refused unless the wallet claimed the account, or the destination is wrong. */
    CompletionStage<PayoutSettingsResult> setPayoutSettings(String linkingKey, String account, String destination,
                                                            OptionalLong thresholdMsat);

    CompletionStage<AlertSettingsView> alertSettings(String account);

    /** The account's latest alerts, newest first. */
    CompletionStage<List<AlertView>> alerts(String account);

    /** A member's alert settings; refused unless the wallet claimed the account, or the webhook is not allowed. */
    CompletionStage<AlertSettingsResult> setAlertSettings(String linkingKey, String account, int silentMinutes, boolean bestShare,
                                                          String webhookUrl);

    /** A new watcher link of the account (replacing the last one), for the wallet that claimed it. */
    CompletionStage<WatcherLinkResult> watcherLink(String linkingKey, String account);

    CompletionStage<Void> revokeWatcherLink(String linkingKey, String account);

    /** The account a watcher link's token shows, empty when the link was revoked or never was. */
    CompletionStage<Optional<String>> watchedAccount(String token);

    /** A login challenge whose callback is {@code callback} (the public URL of the LNURL-auth route). */
    CompletionStage<Logins.Challenge> loginChallenge(String callback);

    /** A wallet's answer to a challenge (the callback route, and the demo wallet). */
    CompletionStage<LoginChallenge.Answered> answerLogin(String k1, String sig, String key);

    /** Whether a wallet answered the challenge: its linking key, once. */
    CompletionStage<LoginChallenge.Taken> takeLogin(String k1);
}
