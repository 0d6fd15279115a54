package club.micromining.pool.payout;

import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;

/**
 * Members as payees: a balance is due once its payout clears the minimum and reaches the member's
 * threshold, or when the payout interval passed since the last one; the fee budget comes out of it.
 */
public final class MemberPayees implements Payees {
    private final ActorSystem<?> system;
    private final PayoutPolicy policy;
    private final Function<String, RecipientRef<MemberEntity.Command>> members;
    private final Supplier<CompletionStage<List<String>>> candidates;

    public MemberPayees(ActorSystem<?> system, PayoutPolicy policy, Function<String, RecipientRef<MemberEntity.Command>> members,
                        Supplier<CompletionStage<List<String>>> candidates) {
        this.system = system;
        this.policy = policy;
        this.members = members;
        this.candidates = candidates;
    }

    @Override
    public String kind() {
        return "member";
    }

    @Override
    public CompletionStage<List<String>> candidates() {
        return candidates.get();
    }

    @Override
    public CompletionStage<Owed> owed(String account) {
        return AskPattern.<MemberEntity.Command, MemberState>ask(members.apply(account), MemberEntity.GetMember::new,
                policy.paymentTimeout(), system.scheduler()).thenApply(this::owed);
    }

    Owed owed(MemberState state) {
        if (state.inFlight() != null) {
            return Owed.inFlight(state.inFlight());
        }
        String destination = state.payout().destination();
        long amount = policy.amount(state.balanceMsat());
        if (destination == null || amount < policy.minimumMsat()) {
            return Owed.NOTHING;
        }
        boolean overThreshold = state.balanceMsat() >= state.payout().thresholdMsat();
        boolean intervalElapsed = System.currentTimeMillis() - state.payoutIntervalStartMillis() >= policy.payoutInterval().toMillis();
        return overThreshold || intervalElapsed
                ? new Owed(null, destination, amount, policy.feeBudget(state.balanceMsat()))
                : Owed.NOTHING;
    }

    @Override
    public CompletionStage<StatusReply<Done>> request(String account, MemberState.Payout payout) {
        return AskPattern.ask(members.apply(account), r -> new MemberEntity.RequestPayout(payout, r), policy.paymentTimeout(),
                system.scheduler());
    }

    @Override
    public CompletionStage<StatusReply<Done>> record(String account, String paymentHash, boolean settled, String preimage, long feeMsat,
                                                     String reason) {
        return AskPattern.ask(members.apply(account), r -> new MemberEntity.RecordPayoutOutcome(paymentHash, settled, preimage, feeMsat,
                reason, r), policy.paymentTimeout(), system.scheduler());
    }
}
