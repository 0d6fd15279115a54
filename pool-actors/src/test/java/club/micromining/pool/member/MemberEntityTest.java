package club.micromining.pool.member;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.pool.alerts.Alerts;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemberEntityTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private EventSourcedBehaviorTestKit<MemberEntity.Command, MemberEntity.Event, MemberState> member;

    @BeforeEach
    void fresh() {
        member = EventSourcedBehaviorTestKit.create(testKit.system(), MemberEntity.create("alice", 100));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** A device's accruals as (sequence number, msat) pairs. */
    private static MemberEntity.DeviceAccruals device(String worker, long... seqAndMsat) {
        List<MemberEntity.Accrual> accruals = new java.util.ArrayList<>();
        for (int i = 0; i < seqAndMsat.length; i += 2) {
            accruals.add(new MemberEntity.Accrual(seqAndMsat[i], seqAndMsat[i + 1]));
        }
        return new MemberEntity.DeviceAccruals(worker, accruals);
    }

    private EventSourcedBehaviorTestKit.CommandResultWithReply<MemberEntity.Command, MemberEntity.Event, MemberState, StatusReply<Done>>
            credit(MemberEntity.DeviceAccruals... devices) {
        return member.runCommand(r -> new MemberEntity.CreditAccruals(List.of(devices), r));
    }

    @Test
    void creditsAccrualsAndKnowsItsDevices() {
        credit(device("bitaxe1", 1, 1500));
        credit(device("bitaxe2", 1, 700));
        var result = credit(device("bitaxe1", 2, 100, 3, 200), device("bitaxe3", 9, 5));
        assertThat(result.events()).containsExactly(new MemberEntity.AccrualsCredited(List.of(
                new MemberEntity.Credit("bitaxe1", 3, 300), new MemberEntity.Credit("bitaxe3", 9, 5)),
                ((MemberEntity.AccrualsCredited) result.events().get(0)).atMillis()));
        assertThat(result.reply().isSuccess()).isTrue();
        assertThat(result.state().balanceMsat()).isEqualTo(2505);
        assertThat(result.state().devices()).containsExactlyInAnyOrder("bitaxe1", "bitaxe2", "bitaxe3");
        assertThat(result.state().payout().destination()).isNull();
    }

    @Test
    void aCreditDeliveredTwiceIsAppliedOnceEvenInAnotherBatch() {
        credit(device("bitaxe1", 4, 400, 5, 500));
        var again = credit(device("bitaxe1", 5, 500));
        assertThat(again.reply().isSuccess()).isTrue();
        assertThat(again.hasNoEvents()).isTrue();
        // Redelivered with a newer event in a differently cut batch: only the new one counts.
        var overlapping = credit(device("bitaxe1", 4, 400, 5, 500, 6, 60));
        assertThat(((MemberEntity.AccrualsCredited) overlapping.events().get(0)).credits())
                .containsExactly(new MemberEntity.Credit("bitaxe1", 6, 60));
        assertThat(member.restart().state().balanceMsat()).isEqualTo(960);
    }

    @Test
    void aNegativeAccrualIsRefused() {
        var result = credit(device("bitaxe1", 1, -5));
        assertThat(result.reply().isError()).isTrue();
        assertThat(result.hasNoEvents()).isTrue();
    }

    @Test
    void aRafflePrizeIsCreditedOnceHoweverOftenItIsSent() {
        var first = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditPrize("2026-12", 0, 20_000, r));
        assertThat(first.reply().isSuccess()).isTrue();
        assertThat(first.events()).hasSize(1);
        assertThat(member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditPrize("2026-12", 0, 20_000, r)).events()).isEmpty();
        member.restart();
        assertThat(member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditPrize("2026-12", 0, 20_000, r)).events()).isEmpty();
        var next = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditPrize("2027-01", 41, 5, r));
        assertThat(next.events()).hasSize(1);
        assertThat(next.state().balanceMsat()).isEqualTo(20_005);
        assertThat(member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditPrize("x", 50, -1, r)).reply().isError()).isTrue();
    }

    @Test
    void blockRewardsAreCreditedOncePerSourceEvent() {
        var first = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditBlockRewards("BlockRewards|node-0", List.of(
                new MemberEntity.RewardAccrual(1, "00aa", 7_000), new MemberEntity.RewardAccrual(2, "00bb", 3_000)), r));
        assertThat(first.events()).hasSize(1);
        assertThat(first.state().balanceMsat()).isEqualTo(10_000);
        // Delivered again with one new one, and the same sequence numbers from another node's journal.
        var again = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditBlockRewards("BlockRewards|node-0", List.of(
                new MemberEntity.RewardAccrual(2, "00bb", 3_000), new MemberEntity.RewardAccrual(3, "00cc", 500)), r));
        assertThat(again.events()).containsExactly(new MemberEntity.BlockRewardsCredited("BlockRewards|node-0", 3, 500,
                List.of("00cc"), ((MemberEntity.BlockRewardsCredited) again.events().get(0)).atMillis()));
        member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditBlockRewards("BlockRewards|node-1", List.of(
                new MemberEntity.RewardAccrual(1, "00dd", 1)), r));
        member.restart();
        MemberState state = member.<MemberState>runCommand(MemberEntity.GetMember::new).reply();
        assertThat(state.balanceMsat()).isEqualTo(10_501);
        assertThat(state.creditedMsat()).isEqualTo(10_501);
        assertThat(state.devices()).isEmpty();
    }

    private static MemberState.Payout payout(String hash, long amount, long budget) {
        return new MemberState.Payout(hash, amount, budget, "02" + "ab".repeat(32), null, "cd".repeat(32), 1_000);
    }

    private EventSourcedBehaviorTestKit.CommandResultWithReply<MemberEntity.Command, MemberEntity.Event, MemberState, StatusReply<Done>>
            outcome(String hash, boolean settled, long fee) {
        return member.runCommand(r -> new MemberEntity.RecordPayoutOutcome(hash, settled, settled ? "ee".repeat(32) : null, fee,
                settled ? null : "no route", r));
    }

    @Test
    void onePayoutAtATimeAndItsOutcomeRecordedOnce() {
        credit(device("bitaxe1", 1, 100_000));
        var requested = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.RequestPayout(payout("aa", 90_000, 2_000), r));
        assertThat(requested.reply().isSuccess()).isTrue();
        assertThat(requested.state().balanceMsat()).isEqualTo(8_000);
        assertThat(requested.state().payoutInFlight()).isTrue();

        // In flight: no second payout, and an outcome for another hash changes nothing.
        var second = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.RequestPayout(payout("bb", 1_000, 0), r));
        assertThat(second.reply().isError()).isTrue();
        assertThat(second.reply().getError().getMessage()).contains("already in flight");
        assertThat(outcome("bb", true, 0).hasNoEvents()).isTrue();

        var settled = outcome("aa", true, 500);
        assertThat(settled.events()).hasSize(1);
        assertThat(settled.state().paidMsat()).isEqualTo(90_000);
        assertThat(settled.state().feesMsat()).isEqualTo(500);
        assertThat(settled.state().balanceMsat()).isEqualTo(8_000 + 1_500);
        assertThat(settled.state().creditedMsat()).isEqualTo(100_000);
        // Told again (a retry after a crash): nothing is in flight, nothing changes.
        var again = outcome("aa", true, 500);
        assertThat(again.reply().isSuccess()).isTrue();
        assertThat(again.hasNoEvents()).isTrue();
    }

    @Test
    void aFailedPayoutGivesEverythingBackAndAShortBalanceIsRefused() {
        credit(device("bitaxe1", 1, 10_000));
        var tooMuch = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.RequestPayout(payout("aa", 9_000, 2_000), r));
        assertThat(tooMuch.reply().isError()).isTrue();
        assertThat(tooMuch.hasNoEvents()).isTrue();
        member.<StatusReply<Done>>runCommand(r -> new MemberEntity.RequestPayout(payout("aa", 8_000, 2_000), r));
        var failed = outcome("aa", false, 0);
        assertThat(failed.state().balanceMsat()).isEqualTo(10_000);
        assertThat(failed.state().payoutInFlight()).isFalse();
        assertThat(member.restart().state().balanceMsat()).isEqualTo(10_000);
    }

    private static final String ALICE_KEY = "02" + "a1".repeat(32);
    private static final String MALLORY_KEY = "03" + "b2".repeat(32);
    private static final long NOW = System.currentTimeMillis();
    private static final long HOUR = 3_600_000;

    private StatusReply<Done> issue(String key, String code, long expires) {
        return member.<StatusReply<Done>>runCommand(r -> new MemberEntity.IssueClaimCode(key, ClaimCode.hash(code), expires, r))
                .reply();
    }

    private MemberEntity.ClaimOutcome claim(String code, long at) {
        return member.<MemberEntity.ClaimOutcome>runCommand(r -> new MemberEntity.ClaimWithCode(ClaimCode.hash(code), "bitaxe1", at, r))
                .reply();
    }

    private StatusReply<Done> setPayout(String actingKey) {
        return member.<StatusReply<Done>>runCommand(r -> new MemberEntity.SetPayoutSettings(
                new MemberState.PayoutSettings("alice@club.example", 50_000), actingKey, r)).reply();
    }

    @Test
    void aClaimCodeBindsTheAccountToTheWalletThatAskedForIt() {
        assertThat(setPayout(ALICE_KEY).getError().getMessage()).contains("claim this account first");
        assertThat(issue(ALICE_KEY, "claim-ABCDEFGHJK", NOW + HOUR).isSuccess()).isTrue();
        assertThat(claim("claim-ZZZZZZZZZZ", NOW)).isEqualTo(MemberEntity.ClaimOutcome.WRONG_CODE);
        assertThat(member.getState().ownership().claimed()).isFalse();
        // Typed in lower case into AxeOS: the same code.
        assertThat(claim("claim-abcdefghjk", NOW + 1)).isEqualTo(MemberEntity.ClaimOutcome.CLAIMED);
        assertThat(member.restart().state().ownership().boundKey()).isEqualTo(ALICE_KEY);
        // The code is spent: reconnecting with it changes nothing.
        assertThat(claim("claim-ABCDEFGHJK", NOW + 2)).isEqualTo(MemberEntity.ClaimOutcome.ALREADY_CLAIMED);
        assertThat(issue(ALICE_KEY, "claim-ABCDEFGHJL", NOW + HOUR).getError().getMessage()).contains("already yours");
        assertThat(setPayout(ALICE_KEY).isSuccess()).isTrue();
        assertThat(member.getState().payout().destination()).isEqualTo("alice@club.example");
    }

    @Test
    void anExpiredCodeBindsNothing() {
        issue(ALICE_KEY, "claim-ABCDEFGHJK", NOW + HOUR);
        assertThat(claim("claim-ABCDEFGHJK", NOW + HOUR + 1)).isEqualTo(MemberEntity.ClaimOutcome.WRONG_CODE);
        assertThat(member.getState().ownership().claimed()).isFalse();
    }

    @Test
    void aSecondWalletCannotTakeAClaimedAccountButTheOperatorCanReleaseIt() {
        issue(ALICE_KEY, "claim-ABCDEFGHJK", NOW + HOUR);
        claim("claim-ABCDEFGHJK", NOW);
        assertThat(issue(MALLORY_KEY, "claim-MMMMMMMMMM", NOW + HOUR).getError().getMessage()).contains("another wallet");
        assertThat(claim("claim-MMMMMMMMMM", NOW)).isEqualTo(MemberEntity.ClaimOutcome.ALREADY_CLAIMED);
        assertThat(setPayout(MALLORY_KEY).getError().getMessage()).contains("only the wallet that claimed");
        // The operator (no acting key) may change it all the same.
        assertThat(setPayout(null).isSuccess()).isTrue();

        assertThat(member.<StatusReply<Done>>runCommand(MemberEntity.ReleaseClaim::new).reply().isSuccess()).isTrue();
        assertThat(member.restart().state().ownership()).isEqualTo(MemberState.Ownership.NONE);
        assertThat(issue(MALLORY_KEY, "claim-MMMMMMMMMM", NOW + HOUR).isSuccess()).isTrue();
        assertThat(claim("claim-MMMMMMMMMM", NOW)).isEqualTo(MemberEntity.ClaimOutcome.CLAIMED);
        assertThat(member.getState().ownership().boundKey()).isEqualTo(MALLORY_KEY);
    }

    @Test
    void anotherWalletAskingForACodeDoesNotCancelYours() {
        issue(ALICE_KEY, "claim-ABCDEFGHJK", NOW + HOUR);
        issue(MALLORY_KEY, "claim-MMMMMMMMMM", NOW + HOUR);
        assertThat(claim("claim-ABCDEFGHJK", NOW)).isEqualTo(MemberEntity.ClaimOutcome.CLAIMED);
        assertThat(member.getState().ownership().boundKey()).isEqualTo(ALICE_KEY);
        assertThat(claim("claim-MMMMMMMMMM", NOW)).isEqualTo(MemberEntity.ClaimOutcome.ALREADY_CLAIMED);
    }

    @Test
    void aNewCodeReplacesTheSameWalletsOldOne() {
        issue(ALICE_KEY, "claim-ABCDEFGHJK", NOW + HOUR);
        issue(ALICE_KEY, "claim-NNNNNNNNNN", NOW + HOUR);
        assertThat(member.getState().ownership().pending()).hasSize(1);
        assertThat(claim("claim-ABCDEFGHJK", NOW)).isEqualTo(MemberEntity.ClaimOutcome.WRONG_CODE);
        assertThat(claim("claim-NNNNNNNNNN", NOW)).isEqualTo(MemberEntity.ClaimOutcome.CLAIMED);
    }

    @Test
    void onlyTheOwnerSetsAlertsAndWatcherLinksAndAChecksRaisesOnce() {
        issue(ALICE_KEY, "claim-ABCDEFGHJK", NOW + HOUR);
        claim("claim-ABCDEFGHJK", NOW);
        Alerts.Settings settings = new Alerts.Settings(30, true, "https://hooks.example/alice");
        assertThat(member.<StatusReply<Done>>runCommand(r -> new MemberEntity.SetAlertSettings(settings, MALLORY_KEY, r)).reply()
                .isError()).isTrue();
        assertThat(member.<StatusReply<Done>>runCommand(r -> new MemberEntity.IssueWatcherLink("ab".repeat(32), MALLORY_KEY, r)).reply()
                .isError()).isTrue();
        assertThat(member.<StatusReply<Done>>runCommand(r -> new MemberEntity.SetAlertSettings(settings, ALICE_KEY, r)).reply()
                .isSuccess()).isTrue();
        assertThat(member.<StatusReply<Done>>runCommand(r -> new MemberEntity.IssueWatcherLink("ab".repeat(32), ALICE_KEY, r)).reply()
                .isSuccess()).isTrue();
        assertThat(member.getState().preferences().watcherHash()).isEqualTo("ab".repeat(32));

        var devices = List.of(new Alerts.DeviceStatus("bitaxe1", NOW - 40 * 60_000, 1e9));
        var raised = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CheckAlerts(devices, NOW, r));
        assertThat(raised.events()).hasSize(1);
        var event = (MemberEntity.AlertsRaised) raised.events().get(0);
        assertThat(event.alerts()).extracting(Alerts.Alert::kind).containsExactly(Alerts.Kind.DEVICE_SILENT);
        assertThat(event.webhookUrl()).isEqualTo("https://hooks.example/alice");
        assertThat(member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CheckAlerts(devices, NOW + 60_000, r)).hasNoEvents())
                .isTrue();
        assertThat(member.restart().state().preferences().alertState().silent()).containsExactly("bitaxe1");

        assertThat(member.<StatusReply<Done>>runCommand(r -> new MemberEntity.RevokeWatcherLink(ALICE_KEY, r)).reply().isSuccess()).isTrue();
        assertThat(member.getState().preferences().watcherHash()).isNull();
    }
}
