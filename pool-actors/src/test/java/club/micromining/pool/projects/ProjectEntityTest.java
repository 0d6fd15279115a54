package club.micromining.pool.projects;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.pool.member.MemberState;
import club.micromining.pool.raffle.Rounds;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectEntityTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    /** Hour rounds; voting is the last 20 minutes of each. */
    private static final Voting VOTING = new Voting(Rounds.parse("1h"), Duration.ofMinutes(20), Voting.Weight.ONE, 0);
    private static final long T0 = 500_000L * 3_600_000;
    private static final long OPENS = T0 + 40 * 60_000;
    private static final long ENDS = T0 + 60 * 60_000;
    private static final String NODE = "02" + "ab".repeat(32);
    private static final ProjectEntity.Proposal SOLAR = new ProjectEntity.Proposal("Solar panel", "For the BitAxes", 50_000_000, NODE);
    private EventSourcedBehaviorTestKit<ProjectEntity.Command, ProjectEntity.Event, ProjectEntity.Project> project;

    @BeforeEach
    void fresh() {
        project = EventSourcedBehaviorTestKit.create(testKit.system(), ProjectEntity.create("p1", VOTING));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private StatusReply<Done> run(java.util.function.Function<org.apache.pekko.actor.typed.ActorRef<StatusReply<Done>>,
            ProjectEntity.Command> command) {
        return project.<StatusReply<Done>>runCommand(command::apply).reply();
    }

    private void proposed() {
        assertThat(run(r -> new ProjectEntity.Propose("alice", SOLAR, T0 + 60_000, r)).isSuccess()).isTrue();
    }

    @Test
    void aProposalBelongsToItsRoundAndOnlyItsAuthorEditsItUntilVotingOpens() {
        assertThat(run(r -> new ProjectEntity.CastVote("bob", true, OPENS, r)).getError()).hasMessageContaining("no such project");
        assertThat(run(r -> new ProjectEntity.Propose("alice", new ProjectEntity.Proposal("", "x", 1_000, NODE), T0, r)).getError())
                .hasMessageContaining("title");
        assertThat(run(r -> new ProjectEntity.Propose("alice", new ProjectEntity.Proposal("t", "x", 1_500, NODE), T0, r)).getError())
                .hasMessageContaining("whole sats");
        proposed();
        assertThat(project.getState().round()).isEqualTo("500000");
        assertThat(run(r -> new ProjectEntity.Propose("bob", SOLAR, T0 + 1, r)).getError()).hasMessageContaining("proposed already");

        ProjectEntity.Proposal cheaper = new ProjectEntity.Proposal("Solar panel", "Second hand", 30_000_000, NODE);
        assertThat(run(r -> new ProjectEntity.Edit("bob", cheaper, T0 + 120_000, r)).getError()).hasMessageContaining("only the author");
        assertThat(run(r -> new ProjectEntity.Edit("alice", cheaper, T0 + 120_000, r)).isSuccess()).isTrue();
        assertThat(project.getState().proposal().amountMsat()).isEqualTo(30_000_000);
        assertThat(run(r -> new ProjectEntity.Edit("alice", SOLAR, OPENS, r)).getError()).hasMessageContaining("voting has started");
    }

    @Test
    void votesAreTakenOnlyInTheWindowAndALaterVoteReplacesTheEarlierOne() {
        proposed();
        assertThat(run(r -> new ProjectEntity.CastVote("bob", true, OPENS - 1, r)).getError()).hasMessageContaining("voting opens");
        assertThat(run(r -> new ProjectEntity.CastVote("bob", true, OPENS, r)).isSuccess()).isTrue();
        assertThat(run(r -> new ProjectEntity.CastVote("carol", true, OPENS + 1, r)).isSuccess()).isTrue();
        assertThat(run(r -> new ProjectEntity.CastVote("bob", false, OPENS + 2, r)).isSuccess()).isTrue();
        assertThat(project.getState().votes()).containsExactly(new ProjectEntity.Vote("carol", true, OPENS + 1),
                new ProjectEntity.Vote("bob", false, OPENS + 2));
        assertThat(run(r -> new ProjectEntity.CastVote("bob", true, ENDS, r)).getError()).hasMessageContaining("over");
        assertThat(project.restart().state().votes()).hasSize(2);
    }

    @Test
    void theAuthorWithdrawsBeforeTheEndAndThenNobodyVotesOnIt() {
        proposed();
        assertThat(run(r -> new ProjectEntity.Withdraw("bob", OPENS, r)).getError()).hasMessageContaining("only the author");
        assertThat(run(r -> new ProjectEntity.AddComment("bob", "  ", OPENS, r)).getError()).hasMessageContaining("comment");
        assertThat(run(r -> new ProjectEntity.AddComment("bob", " Why? ", OPENS, r)).isSuccess()).isTrue();
        assertThat(run(r -> new ProjectEntity.Withdraw("alice", ENDS - 1, r)).isSuccess()).isTrue();
        assertThat(project.getState().status()).isEqualTo(ProjectEntity.Status.WITHDRAWN);
        assertThat(run(r -> new ProjectEntity.CastVote("bob", true, OPENS + 5, r)).getError()).hasMessageContaining("over");
        assertThat(project.getState().comments()).containsExactly(new ProjectEntity.Comment("bob", "Why?", OPENS));
    }

    @Test
    void aFundedProjectIsPaidOnceItsPaymentIsPersistedAndItsProofIsKept() {
        proposed();
        var tally = project.<StatusReply<Done>>runCommand(r -> new ProjectEntity.RecordTally(42, "3", "1", 4, 1, true, 250_000, r));
        assertThat(tally.reply().isSuccess()).isTrue();
        assertThat(tally.state().status()).isEqualTo(ProjectEntity.Status.FUNDED);
        assertThat(tally.state().fundingDue()).isTrue();
        var again = project.<StatusReply<Done>>runCommand(r -> new ProjectEntity.RecordTally(42, "3", "1", 4, 1, true, 250_000, r));
        assertThat(again.hasNoEvents()).as("a tally handed over again").isTrue();

        MemberState.Payout tooMuch = new MemberState.Payout("cd".repeat(32), 60_000_000, 250_000, NODE, null, "ef".repeat(32), ENDS);
        assertThat(run(r -> new ProjectEntity.RequestPayout(tooMuch, r)).getError()).hasMessageContaining("proposal's amount");
        MemberState.Payout costly = new MemberState.Payout("cd".repeat(32), 50_000_000, 250_001, NODE, null, "ef".repeat(32), ENDS);
        assertThat(run(r -> new ProjectEntity.RequestPayout(costly, r)).isSuccess()).as("over the reserved fee budget").isFalse();
        MemberState.Payout pay = new MemberState.Payout("cd".repeat(32), 50_000_000, 250_000, NODE, null, "ef".repeat(32), ENDS);
        assertThat(run(r -> new ProjectEntity.RequestPayout(pay, r)).isSuccess()).isTrue();
        assertThat(run(r -> new ProjectEntity.RequestPayout(pay, r)).getError()).hasMessageContaining("under way");
        assertThat(project.restart().state().inFlight()).isEqualTo(pay);

        var paid = project.<StatusReply<Done>>runCommand(r -> new ProjectEntity.RecordPayoutOutcome("cd".repeat(32), true, "ef".repeat(32),
                900_000, null, r));
        assertThat(paid.state().status()).isEqualTo(ProjectEntity.Status.PAID);
        assertThat(paid.state().preimage()).isEqualTo("ef".repeat(32));
        assertThat(paid.state().feeMsat()).as("never more than the budget").isEqualTo(250_000);
        var repeated = project.<StatusReply<Done>>runCommand(r -> new ProjectEntity.RecordPayoutOutcome("cd".repeat(32), true,
                "ef".repeat(32), 1, null, r));
        assertThat(repeated.hasNoEvents()).isTrue();
        assertThat(run(r -> new ProjectEntity.RequestPayout(pay, r)).getError()).hasMessageContaining("no funding");
    }

    @Test
    void aFailedPaymentLeavesTheFundingDueForTheNextTry() {
        proposed();
        run(r -> new ProjectEntity.RecordTally(42, "1", "0", 1, 1, true, 1_000, r));
        MemberState.Payout pay = new MemberState.Payout("cd".repeat(32), 50_000_000, 1_000, NODE, null, "ef".repeat(32), ENDS);
        run(r -> new ProjectEntity.RequestPayout(pay, r));
        var failed = project.<StatusReply<Done>>runCommand(r -> new ProjectEntity.RecordPayoutOutcome("cd".repeat(32), false, null, 0,
                "no route", r));
        assertThat(failed.events()).hasSize(1);
        assertThat(failed.state().fundingDue()).isTrue();
    }
}
