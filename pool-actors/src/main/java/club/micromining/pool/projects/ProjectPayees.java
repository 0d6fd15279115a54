package club.micromining.pool.projects;

import club.micromining.pool.member.MemberState;
import club.micromining.pool.payout.Payees;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/** Funded projects as payees: the proposal's whole amount to its recipient, its fee budget reserved by the fund at the tally. */
public final class ProjectPayees implements Payees {
    private final ClusterSharding sharding;
    private final Duration timeout;
    private final Supplier<CompletionStage<List<String>>> candidates;

    /** @param candidates funded projects not yet paid (the read side) */
    public ProjectPayees(ActorSystem<?> system, Duration timeout, Supplier<CompletionStage<List<String>>> candidates) {
        this.sharding = ClusterSharding.get(system);
        this.timeout = timeout;
        this.candidates = candidates;
    }

    @Override
    public String kind() {
        return "project";
    }

    @Override
    public CompletionStage<List<String>> candidates() {
        return candidates.get();
    }

    @Override
    public CompletionStage<Owed> owed(String id) {
        return sharding.entityRefFor(ProjectEntity.TYPE_KEY, id).<ProjectEntity.Project>ask(ProjectEntity.GetProject::new, timeout)
                .thenApply(p -> {
                    if (p.inFlight() != null) {
                        return Owed.inFlight(p.inFlight());
                    }
                    return p.fundingDue()
                            ? new Owed(null, p.proposal().recipient(), p.proposal().amountMsat(), p.feeBudgetMsat())
                            : Owed.NOTHING;
                });
    }

    @Override
    public CompletionStage<StatusReply<Done>> request(String id, MemberState.Payout payout) {
        return sharding.entityRefFor(ProjectEntity.TYPE_KEY, id).ask(r -> new ProjectEntity.RequestPayout(payout, r), timeout);
    }

    @Override
    public CompletionStage<StatusReply<Done>> record(String id, String paymentHash, boolean settled, String preimage, long feeMsat,
                                                     String reason) {
        return sharding.entityRefFor(ProjectEntity.TYPE_KEY, id).ask(r -> new ProjectEntity.RecordPayoutOutcome(paymentHash, settled,
                preimage, feeMsat, reason, r), timeout);
    }
}
