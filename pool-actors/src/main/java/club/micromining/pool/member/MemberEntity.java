package club.micromining.pool.member;

import club.micromining.pool.CborSerializable;
import club.micromining.pool.JournalFailures;
import club.micromining.pool.alerts.Alerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One member account: its devices and its balance in millisatoshi. Devices' accruals reach it through
 * a projection of the device events, at least once and in batches (one command and one event per batch,
 * however many of its devices mined); each accrual names the device event it comes from, and one the
 * member already has is acknowledged without being applied again.
 */
public final class MemberEntity extends EventSourcedBehaviorWithEnforcedReplies<MemberEntity.Command, MemberEntity.Event, MemberState> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Member");
    public static final String TAG = "member";

    private final int snapshotEvery;

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Credits what the account's devices' events earned; each accrual names the device event (its
     * sequence number) it comes from, so a batch delivered again, whole or in part, is credited once.
     */
    public record CreditAccruals(List<DeviceAccruals> devices, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** One device's accruals, in the order of its events. */
    public record DeviceAccruals(String worker, List<Accrual> accruals) implements CborSerializable {
    }

    /** What one device event earned. */
    public record Accrual(long deviceSeqNr, long msat) implements CborSerializable {
    }

    /**
     * Credits the member's accruals from found blocks (PPLNS, SOLO). {@code source} names the journal the
     * divisions come from (a node's block rewards), and each accrual its event there, so a batch
     * delivered again is credited once.
     */
    public record CreditBlockRewards(String source, List<RewardAccrual> accruals, ActorRef<StatusReply<Done>> replyTo)
            implements Command {
    }

    /** What one block's division gave this member. */
    public record RewardAccrual(long sourceSeqNr, String blockHash, long msat) implements CborSerializable {
    }

    /**
     * The raffle prize of a round, drawn in the ledger's entry {@code drawSeq}; credited once however often
     * it is sent (the draw's sequence number is its key).
     */
    public record CreditPrize(String round, long drawSeq, long msat, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record GetMember(ActorRef<MemberState> replyTo) implements Command {
    }

    /**
     * Sets where payouts go; the caller has checked the destination (resolved the address, parsed the key).
     * {@code actingKey} is the logged-in wallet asking, or null for the operator: a member may change only an
     * account its wallet claimed.
     */
    public record SetPayoutSettings(MemberState.PayoutSettings settings, String actingKey, ActorRef<StatusReply<Done>> replyTo)
            implements Command {
    }

    /**
     * A logged-in wallet asks to claim this account: the code whose hash is given binds it, when a miner of the
     * account authorizes with it as password before {@code expiresAtMillis}. Refused for an account already
     * claimed.
     */
    public record IssueClaimCode(String linkingKey, String codeHash, long expiresAtMillis, ActorRef<StatusReply<Done>> replyTo)
            implements Command {
    }

    /** A miner of this account authorized with a claim code (its hash). */
    public record ClaimWithCode(String codeHash, String worker, long atMillis, ActorRef<ClaimOutcome> replyTo) implements Command {
    }

    /** What a claim code did. */
    public enum ClaimOutcome implements CborSerializable {
        CLAIMED,
        /** Not the code of this account, or expired: nothing bound. */
        WRONG_CODE,
        /** Another wallet claimed the account before. */
        ALREADY_CLAIMED
    }

    /** What the owner wants to be alerted of; {@code actingKey} as for payout settings. */
    public record SetAlertSettings(Alerts.Settings settings, String actingKey, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** The alert watcher's look at the account's devices: raises what they call for, once. */
    public record CheckAlerts(List<Alerts.DeviceStatus> devices, long atMillis, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** A read-only watcher link whose token has this hash replaces the account's previous one. */
    public record IssueWatcherLink(String tokenHash, String actingKey, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record RevokeWatcherLink(String actingKey, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** The operator frees an account from its wallet (a lost wallet, a dispute). */
    public record ReleaseClaim(ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /**
     * Decides a payout: reserves its amount and fee budget, and fixes its invoice or keysend preimage and
     * its hash, before anything is sent. Refused when another payout is in flight or the balance is short.
     */
    public record RequestPayout(MemberState.Payout payout, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** What became of the payout with this hash: settled (preimage, fee) or failed (reason). Repeating it is harmless. */
    public record RecordPayoutOutcome(String paymentHash, boolean settled, String preimage, long feeMsat, String reason,
                                      ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public sealed interface Event extends CborSerializable {
    }

    /** New accruals of some of the account's devices, summed per device. */
    public record AccrualsCredited(List<Credit> credits, long atMillis) implements Event {
    }

    /** New block-reward accruals from {@code source}, up to its event {@code upToSeqNr}, summed. */
    public record BlockRewardsCredited(String source, long upToSeqNr, long msat, List<String> blockHashes, long atMillis)
            implements Event {
    }

    /** The raffle prize of {@code round} reached the balance. */
    public record PrizeCredited(String round, long drawSeq, long msat, long atMillis) implements Event {
    }

    public record PayoutSettingsChanged(MemberState.PayoutSettings settings) implements Event {
    }

    public record ClaimCodeIssued(String linkingKey, String codeHash, long expiresAtMillis, long atMillis) implements Event {
    }

    /** The account belongs to this wallet from now on: a miner proved it with the wallet's claim code. */
    public record AccountClaimed(String linkingKey, String worker, long atMillis) implements Event {
    }

    public record ClaimReleased(long atMillis) implements Event {
    }

    public record AlertSettingsChanged(Alerts.Settings settings) implements Event {
    }

    /**
     * Alerts raised by a check, with what has been raised after it (which devices are silent, their best
     * shares) and the webhook they go to (null for none), as the settings said when they were raised.
     */
    public record AlertsRaised(List<Alerts.Alert> alerts, Alerts.State state, String webhookUrl, long atMillis) implements Event {
    }

    public record WatcherLinkIssued(String tokenHash, long atMillis) implements Event {
    }

    public record WatcherLinkRevoked(long atMillis) implements Event {
    }

    public record PayoutRequested(MemberState.Payout payout) implements Event {
    }

    public record PayoutSettled(String paymentHash, String preimage, long amountMsat, long feeMsat, long atMillis) implements Event {
    }

    public record PayoutFailed(String paymentHash, long amountMsat, String reason, long atMillis) implements Event {
    }

    /** A device's accruals up to {@code upToDeviceSeqNr} that were not credited before, summed. */
    public record Credit(String worker, long upToDeviceSeqNr, long msat) implements CborSerializable {
    }

    /** Raffle prizes are keyed by their draw's ledger sequence number, beside the block-reward sources. */
    static final String PRIZE_SOURCE = "ledger-raffle";

    public static void initSharding(ActorSystem<?> system, int snapshotEvery) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), snapshotEvery)));
    }

    /** The account whose events carry this persistence id. */
    public static String accountOf(String persistenceId) {
        return persistenceId.substring(TYPE_KEY.name().length() + 1);
    }

    public static Behavior<Command> create(String account, int snapshotEvery) {
        return new MemberEntity(account, snapshotEvery);
    }

    private MemberEntity(String account, int snapshotEvery) {
        super(PersistenceId.of(TYPE_KEY.name(), account),
                JournalFailures.RESTART);
        this.snapshotEvery = snapshotEvery;
    }

    @Override
    public MemberState emptyState() {
        return MemberState.EMPTY;
    }

    /**
     * Two states with their own rules: no payout in flight (one may be requested), and a payout in flight
     * (none more until its outcome is recorded). Credits and settings are taken in either.
     */
    @Override
    public CommandHandlerWithReply<Command, Event, MemberState> commandHandler() {
        var builder = newCommandHandlerWithReplyBuilder();
        builder.forState(state -> !state.payoutInFlight())
                .onCommand(RequestPayout.class, this::requestPayout)
                // An outcome repeated after it was recorded: nothing is in flight any more.
                .onCommand(RecordPayoutOutcome.class, (state, c) -> Effect().reply(c.replyTo(), StatusReply.ack()));
        builder.forState(MemberState::payoutInFlight)
                .onCommand(RequestPayout.class, (state, c) -> Effect().reply(c.replyTo(),
                        StatusReply.error("a payout is already in flight")))
                .onCommand(RecordPayoutOutcome.class, this::recordOutcome);
        builder.forAnyState()
                .onCommand(CreditAccruals.class, this::credit)
                .onCommand(CreditBlockRewards.class, this::creditRewards)
                .onCommand(CreditPrize.class, this::creditPrize)
                .onCommand(GetMember.class, (state, c) -> Effect().reply(c.replyTo(), state))
                .onCommand(SetPayoutSettings.class, this::setPayoutSettings)
                .onCommand(IssueClaimCode.class, this::issueClaimCode)
                .onCommand(ClaimWithCode.class, this::claimWithCode)
                .onCommand(SetAlertSettings.class, (state, c) -> ownerOnly(state, c.actingKey(), c.replyTo(),
                        () -> Effect().persist(new AlertSettingsChanged(c.settings())).thenReply(c.replyTo(), s -> StatusReply.ack())))
                .onCommand(CheckAlerts.class, this::checkAlerts)
                .onCommand(IssueWatcherLink.class, (state, c) -> ownerOnly(state, c.actingKey(), c.replyTo(),
                        () -> Effect().persist(new WatcherLinkIssued(c.tokenHash(), System.currentTimeMillis()))
                                .thenReply(c.replyTo(), s -> StatusReply.ack())))
                .onCommand(RevokeWatcherLink.class, (state, c) -> ownerOnly(state, c.actingKey(), c.replyTo(),
                        () -> state.preferences().watcherHash() == null ? Effect().reply(c.replyTo(), StatusReply.ack())
                                : Effect().persist(new WatcherLinkRevoked(System.currentTimeMillis()))
                                        .thenReply(c.replyTo(), s -> StatusReply.ack())))
                .onCommand(ReleaseClaim.class, (state, c) -> state.ownership().claimed()
                        ? Effect().persist(new ClaimReleased(System.currentTimeMillis())).thenReply(c.replyTo(), s -> StatusReply.ack())
                        : Effect().reply(c.replyTo(), StatusReply.ack()));
        return builder.build();
    }

    private ReplyEffect<Event, MemberState> setPayoutSettings(MemberState state, SetPayoutSettings c) {
        return ownerOnly(state, c.actingKey(), c.replyTo(),
                () -> Effect().persist(new PayoutSettingsChanged(c.settings())).thenReply(c.replyTo(), s -> StatusReply.ack()));
    }

    /** A member's change goes ahead only for the wallet that claimed the account; the operator's (no key) always. */
    private ReplyEffect<Event, MemberState> ownerOnly(MemberState state, String actingKey, ActorRef<StatusReply<Done>> replyTo,
                                                      Supplier<ReplyEffect<Event, MemberState>> change) {
        if (actingKey != null && !actingKey.equals(state.ownership().boundKey())) {
            return Effect().reply(replyTo, StatusReply.error(state.ownership().claimed()
                    ? "only the wallet that claimed this account may change it"
                    : "claim this account first: put its claim code in a miner's password"));
        }
        return change.get();
    }

    private ReplyEffect<Event, MemberState> checkAlerts(MemberState state, CheckAlerts c) {
        MemberState.Preferences p = state.preferences();
        Alerts.Outcome outcome = Alerts.check(p.alerts(), p.alertState(), c.devices(), c.atMillis());
        if (!outcome.changed()) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        return Effect().persist(new AlertsRaised(outcome.raised(), outcome.state(), p.alerts().webhookUrl(), c.atMillis()))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, MemberState> issueClaimCode(MemberState state, IssueClaimCode c) {
        String bound = state.ownership().boundKey();
        if (bound != null) {
            return Effect().reply(c.replyTo(), StatusReply.error(bound.equals(c.linkingKey())
                    ? "this account is already yours" : "another wallet has claimed this account"));
        }
        return Effect().persist(new ClaimCodeIssued(c.linkingKey(), c.codeHash(), c.expiresAtMillis(), System.currentTimeMillis()))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, MemberState> claimWithCode(MemberState state, ClaimWithCode c) {
        MemberState.Ownership o = state.ownership();
        if (o.claimed()) {
            return Effect().reply(c.replyTo(), ClaimOutcome.ALREADY_CLAIMED);
        }
        return o.match(c.codeHash(), c.atMillis())
                .map(p -> Effect().persist(new AccountClaimed(p.linkingKey(), c.worker(), c.atMillis()))
                        .thenReply(c.replyTo(), s -> ClaimOutcome.CLAIMED))
                .orElseGet(() -> Effect().reply(c.replyTo(), ClaimOutcome.WRONG_CODE));
    }

    private ReplyEffect<Event, MemberState> credit(MemberState state, CreditAccruals c) {
        List<Credit> credits = new ArrayList<>();
        for (DeviceAccruals device : c.devices()) {
            long sum = 0;
            long upTo = 0;
            for (Accrual a : device.accruals()) {
                if (a.msat() < 0) {
                    return Effect().reply(c.replyTo(),
                            StatusReply.error("negative accrual for " + device.worker() + " event " + a.deviceSeqNr()));
                }
                if (!state.alreadyCredited(device.worker(), a.deviceSeqNr())) {
                    sum = Math.addExact(sum, a.msat());
                    upTo = Math.max(upTo, a.deviceSeqNr());
                }
            }
            if (upTo > 0) {
                credits.add(new Credit(device.worker(), upTo, sum));
            }
        }
        if (credits.isEmpty()) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        return Effect().persist(new AccrualsCredited(credits, System.currentTimeMillis()))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, MemberState> creditRewards(MemberState state, CreditBlockRewards c) {
        long sum = 0;
        long upTo = 0;
        List<String> blocks = new ArrayList<>();
        for (RewardAccrual a : c.accruals()) {
            if (a.msat() < 0) {
                return Effect().reply(c.replyTo(), StatusReply.error("negative reward for block " + a.blockHash()));
            }
            if (!state.rewardAlreadyCredited(c.source(), a.sourceSeqNr())) {
                sum = Math.addExact(sum, a.msat());
                upTo = Math.max(upTo, a.sourceSeqNr());
                blocks.add(a.blockHash());
            }
        }
        if (upTo == 0) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        return Effect().persist(new BlockRewardsCredited(c.source(), upTo, sum, List.copyOf(blocks), System.currentTimeMillis()))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, MemberState> creditPrize(MemberState state, CreditPrize c) {
        if (c.msat() < 0) {
            return Effect().reply(c.replyTo(), StatusReply.error("a negative prize"));
        }
        if (c.msat() == 0 || state.rewardAlreadyCredited(PRIZE_SOURCE, c.drawSeq() + 1)) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        return Effect().persist(new PrizeCredited(c.round(), c.drawSeq(), c.msat(), System.currentTimeMillis()))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, MemberState> requestPayout(MemberState state, RequestPayout c) {
        MemberState.Payout p = c.payout();
        if (p.amountMsat() <= 0 || p.feeBudgetMsat() < 0 || p.amountMsat() + p.feeBudgetMsat() > state.balanceMsat()) {
            return Effect().reply(c.replyTo(), StatusReply.error("the balance of " + state.balanceMsat()
                    + " msat does not cover " + p.amountMsat() + " msat and a fee budget of " + p.feeBudgetMsat()));
        }
        return Effect().persist(new PayoutRequested(p)).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, MemberState> recordOutcome(MemberState state, RecordPayoutOutcome c) {
        MemberState.Payout p = state.inFlight();
        if (!p.paymentHash().equals(c.paymentHash())) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        long now = System.currentTimeMillis();
        if (c.settled()) {
            long fee = p.chargedFee(c.feeMsat());
            return Effect().persist(new PayoutSettled(p.paymentHash(), c.preimage(), p.amountMsat(), fee, now))
                    .thenReply(c.replyTo(), s -> StatusReply.ack());
        }
        return Effect().persist(new PayoutFailed(p.paymentHash(), p.amountMsat(), c.reason(), now))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    @Override
    public EventHandler<MemberState, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(AccrualsCredited.class, (state, e) -> state.credited(e.credits(), e.atMillis()))
                .onEvent(PrizeCredited.class, (state, e) -> state.rewardsCredited(PRIZE_SOURCE, e.drawSeq() + 1, e.msat(), e.atMillis()))
                .onEvent(BlockRewardsCredited.class, (state, e) -> state.rewardsCredited(e.source(), e.upToSeqNr(), e.msat(),
                        e.atMillis()))
                .onEvent(PayoutSettingsChanged.class, (state, e) -> state.withPayoutSettings(e.settings()))
                .onEvent(ClaimCodeIssued.class, (state, e) -> state.withOwnership(state.ownership().withPending(
                        new MemberState.PendingClaim(e.linkingKey(), e.codeHash(), e.expiresAtMillis()), e.atMillis())))
                .onEvent(AccountClaimed.class, (state, e) -> state.withOwnership(new MemberState.Ownership(e.linkingKey(), List.of())))
                .onEvent(ClaimReleased.class, (state, e) -> state.withOwnership(MemberState.Ownership.NONE))
                .onEvent(AlertSettingsChanged.class, (state, e) -> state.withPreferences(new MemberState.Preferences(e.settings(),
                        state.preferences().alertState(), state.preferences().watcherHash())))
                .onEvent(AlertsRaised.class, (state, e) -> state.withPreferences(new MemberState.Preferences(
                        state.preferences().alerts(), e.state(), state.preferences().watcherHash())))
                .onEvent(WatcherLinkIssued.class, (state, e) -> state.withPreferences(new MemberState.Preferences(
                        state.preferences().alerts(), state.preferences().alertState(), e.tokenHash())))
                .onEvent(WatcherLinkRevoked.class, (state, e) -> state.withPreferences(new MemberState.Preferences(
                        state.preferences().alerts(), state.preferences().alertState(), null)))
                .onEvent(PayoutRequested.class, (state, e) -> state.requested(e.payout()))
                .onEvent(PayoutSettled.class, (state, e) -> state.settled(e.feeMsat(), e.atMillis()))
                .onEvent(PayoutFailed.class, (state, e) -> state.failed())
                .build();
    }

    @Override
    public Set<String> tagsFor(Event event) {
        return Set.of(TAG);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
    }
}
