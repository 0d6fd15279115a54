package club.micromining.web.view;

import club.micromining.lightning.lnurl.LnurlAuth;
import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.alerts.WebhookUrls;
import club.micromining.pool.facade.AlertSettingsResult;
import club.micromining.pool.facade.ClaimResult;
import club.micromining.pool.facade.PayoutSettingsResult;
import club.micromining.pool.facade.WatcherLinkResult;
import club.micromining.pool.login.LoginChallenge;
import club.micromining.pool.login.Logins;
import club.micromining.pool.payout.PayoutDestination;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.AlertSettingsView;
import club.micromining.pool.view.AlertView;
import club.micromining.pool.view.BlockView;
import club.micromining.pool.view.DayCreditView;
import club.micromining.pool.view.DeviceView;
import club.micromining.pool.view.FundingGoalView;
import club.micromining.pool.view.FundsView;
import club.micromining.pool.view.HashrateView;
import club.micromining.pool.view.HighScoresView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.JobView;
import club.micromining.pool.view.NetworkView;
import club.micromining.pool.view.PayoutView;
import club.micromining.pool.view.PoolView;
import club.micromining.pool.view.RecentShareView;
import club.micromining.pool.view.SharesView;
import club.micromining.web.port.ClubPort;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The pool as the view tests see it: fixed views, every answer already there. Logins are checked by the
 * real LNURL-auth verifier and payout destinations by the real check, so the pages meet real refusals.
 */
final class SeededPort implements ClubPort {
    static final Instant AT = Instant.parse("2026-12-01T10:15:30Z");
    static final String ALICE_KEY = "02" + "a1".repeat(32);

    final Map<String, String> owners = new HashMap<>();
    final Map<String, String> answered = new HashMap<>();
    final List<String> saved = new ArrayList<>();
    private final LnurlPay lnurl = new LnurlPay(Duration.ofSeconds(1));

    private static <T> CompletionStage<T> now(T value) {
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletionStage<PoolView> summary() {
        return now(new PoolView(3, new HashrateView(1.2e12, 1.1e12, 1.0e12), new SharesView(1234, 5e6, 7,
                Map.of("STALE", 5L, "DUPLICATE", 2L)), 1, new FundsView(Map.of(Split.Fund.PROJECT_FUND, 42_000L)),
                new NetworkView(880_000L, 1.2e14)));
    }

    @Override
    public CompletionStage<HistoryView> poolHistory() {
        List<HistoryView.Point> points = new ArrayList<>();
        for (int i = 0; i < 144; i++) {
            points.add(new HistoryView.Point(AT.minusSeconds(600L * (144 - i)), 1e12 + i * 1e9));
        }
        return now(new HistoryView(points));
    }

    @Override
    public CompletionStage<FundingGoalView> fundingGoal() {
        return now(new FundingGoalView("2026-12", 1_798_761_600_000L, 21_000_000, 9_000_000, 500, 555_555_555, 90_000, 120_000_000,
                3.2e12));
    }

    @Override
    public List<RecentShareView> recentShares(int limit) {
        return List.of(new RecentShareView("alice", "bitaxe", 4096, AT), new RecentShareView("bob", "nerdaxe", 2048, AT));
    }

    @Override
    public CompletionStage<HighScoresView> highScores() {
        return now(new HighScoresView("2026-12", List.of(new HighScoresView.BestShare("alice", "bitaxe", 9.9e9, AT)),
                List.of(new HighScoresView.BestShare("bob", "nerdaxe", 2.1e11, AT)),
                List.of(new HighScoresView.Contribution("alice", 900, 4e6, 0.8), new HighScoresView.Contribution("bob", 300, 1e6, 0.2)),
                List.of(new HighScoresView.ModelCount("bitaxe/BM1370", 2), new HighScoresView.ModelCount("unknown", 1))));
    }

    @Override
    public CompletionStage<Optional<AccountView>> account(String account) {
        if (!account.equals("alice")) {
            return now(Optional.empty());
        }
        return now(Optional.of(new AccountView("alice", List.of(
                new DeviceView("bitaxe", true, new HashrateView(1e12, 1e12, 1e12), 900, 4e6, 9.9e9, AT)),
                5_000_500, 9_000_500, 0, 4_000_000, 0, "alice@wallet.example", owners.containsKey("alice"),
                List.of(new PayoutView("aa".repeat(32), "alice@wallet.example", 4_000_000, 1_000L, "SETTLED", "bb".repeat(32), null,
                        AT, AT)))));
    }

    @Override
    public CompletionStage<Map<String, HistoryView>> accountHistory(String account) {
        return now(Map.of("bitaxe", new HistoryView(List.of(new HistoryView.Point(AT, 1e12), new HistoryView.Point(AT.plusSeconds(600), 2e12)))));
    }

    @Override
    public CompletionStage<List<DayCreditView>> accountEarnings(String account, int days) {
        return now(List.of(new DayCreditView(LocalDate.of(2026, 11, 30), 1_000_000), new DayCreditView(LocalDate.of(2026, 12, 1), 500_000)));
    }

    @Override
    public CompletionStage<List<BlockView>> blocks(int limit) {
        return now(List.of(new BlockView("00".repeat(32), 880_001, "alice.bitaxe", true, null, AT, null)));
    }

    @Override
    public Optional<JobView> currentJob() {
        return Optional.of(new JobView("1a2b", 880_000, "00".repeat(32), "20000000", "17034219", 1.2e14, AT, 2500, 12_000_000,
                325_000_000, "/MicroMining/", "01000000", List.of(
                new JobView.Output(325_000_000, "0014" + "11".repeat(20), "bc1qzyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3u0uy3m", JobView.Kind.PAYOUT),
                new JobView.Output(0, "6a24aa21a9ed" + "22".repeat(32), null, JobView.Kind.WITNESS_COMMITMENT))));
    }

    @Override
    public CompletionStage<List<String>> accountsOf(String linkingKey) {
        List<String> mine = new ArrayList<>();
        owners.forEach((account, key) -> {
            if (key.equals(linkingKey)) {
                mine.add(account);
            }
        });
        return now(mine);
    }

    @Override
    public CompletionStage<ClaimResult> claimCode(String linkingKey, String account) {
        if (owners.containsKey(account) && !owners.get(account).equals(linkingKey)) {
            return now(new ClaimResult.Refused("another wallet has claimed this account"));
        }
        return now(new ClaimResult.Issued(account, "claim-ABCDEFGHJK", AT.toEpochMilli() + 86_400_000));
    }

    @Override
    public CompletionStage<PayoutSettingsResult> setPayoutSettings(String linkingKey, String account, String destination,
                                                                   OptionalLong thresholdMsat) {
        if (!linkingKey.equals(owners.get(account))) {
            return now(new PayoutSettingsResult.Refused("claim this account first: put its claim code in a miner's password"));
        }
        Optional<String> problem = PayoutDestination.problem(destination, lnurl);
        if (problem.isPresent()) {
            return now(new PayoutSettingsResult.Refused(problem.get()));
        }
        saved.add(account + " " + destination);
        return now(new PayoutSettingsResult.Saved(account, destination, thresholdMsat.orElse(1_000_000)));
    }

    final Map<String, AlertSettingsView> alertSettings = new HashMap<>();
    final Map<String, String> watchers = new HashMap<>();

    @Override
    public CompletionStage<AlertSettingsView> alertSettings(String account) {
        return now(alertSettings.getOrDefault(account, AlertSettingsView.OFF));
    }

    @Override
    public CompletionStage<List<AlertView>> alerts(String account) {
        return now(List.of(new AlertView("DEVICE_SILENT", "bitaxe", 42, AT), new AlertView("NEW_BEST_SHARE", "bitaxe", 9.9e9, AT)));
    }

    @Override
    public CompletionStage<AlertSettingsResult> setAlertSettings(String linkingKey, String account, int silentMinutes, boolean bestShare,
                                                                 String webhookUrl) {
        if (!linkingKey.equals(owners.get(account))) {
            return now(new AlertSettingsResult.Refused("only the wallet that claimed this account may change it"));
        }
        String hook = webhookUrl == null || webhookUrl.isBlank() ? null : webhookUrl;
        Optional<String> problem = hook == null ? Optional.empty() : WebhookUrls.problem(hook, false);
        if (problem.isPresent()) {
            return now(new AlertSettingsResult.Refused(problem.get()));
        }
        AlertSettingsView v = new AlertSettingsView(silentMinutes, bestShare, hook);
        alertSettings.put(account, v);
        return now(new AlertSettingsResult.Saved(account, v));
    }

    @Override
    public CompletionStage<WatcherLinkResult> watcherLink(String linkingKey, String account) {
        if (!linkingKey.equals(owners.get(account))) {
            return now(new WatcherLinkResult.Refused("only the wallet that claimed this account may change it"));
        }
        String token = "t".repeat(31) + watchers.size();
        watchers.values().remove(account);
        watchers.put(token, account);
        return now(new WatcherLinkResult.Issued(account, token));
    }

    @Override
    public CompletionStage<Void> revokeWatcherLink(String linkingKey, String account) {
        watchers.values().remove(account);
        return now(null);
    }

    @Override
    public CompletionStage<Optional<String>> watchedAccount(String token) {
        return now(Optional.ofNullable(watchers.get(token)));
    }

    @Override
    public CompletionStage<Logins.Challenge> loginChallenge(String callback) {
        String k1 = LnurlAuth.newK1();
        String url = LnurlAuth.loginUrl(callback, k1);
        return now(new Logins.Challenge(k1, url, LnurlAuth.encode(url), AT.toEpochMilli() + 300_000));
    }

    @Override
    public CompletionStage<LoginChallenge.Answered> answerLogin(String k1, String sig, String key) {
        try {
            answered.put(k1, LnurlAuth.verify(k1, sig, key));
            return now(new LoginChallenge.Answered(null));
        } catch (LnurlAuth.InvalidLogin e) {
            return now(new LoginChallenge.Answered(e.getMessage()));
        }
    }

    @Override
    public CompletionStage<LoginChallenge.Taken> takeLogin(String k1) {
        String key = answered.remove(k1);
        return now(new LoginChallenge.Taken(key, key != null));
    }
}
