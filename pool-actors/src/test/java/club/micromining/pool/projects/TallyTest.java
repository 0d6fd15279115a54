package club.micromining.pool.projects;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TallyTest {
    private static final List<Tally.Candidate> CANDIDATES = List.of(
            new Tally.Candidate("solar", 1_000, 10_000_000),
            new Tally.Candidate("antenna", 2_000, 5_000_000),
            new Tally.Candidate("workshop", 3_000, 2_000_000));
    private static final Map<String, BigInteger> WORK = Map.of("alice", BigInteger.valueOf(10_000), "bob", BigInteger.valueOf(100),
            "dave", BigInteger.valueOf(400));

    private static Tally.Ballot vote(String project, String account, boolean inFavour) {
        return new Tally.Ballot(project, account, inFavour);
    }

    @Test
    void anAccountsLastVoteCountsAndAnAccountWithoutWorkWeighsNothing() {
        List<Tally.Result> r = Tally.count(CANDIDATES, List.of(
                vote("solar", "alice", true), vote("solar", "bob", true), vote("solar", "alice", false),
                vote("antenna", "carol", true), vote("antenna", "dave", true)), WORK, Voting.Weight.ONE, 0);
        assertThat(r).extracting(Tally.Result::project).containsExactly("antenna", "solar", "workshop");
        Tally.Result antenna = r.get(0);
        assertThat(antenna.inFavour()).isEqualTo(BigInteger.ONE);
        assertThat(antenna.voters()).as("carol mined nothing this round").isEqualTo(1);
        assertThat(antenna.eligible()).isTrue();
        Tally.Result solar = r.get(1);
        assertThat(solar.inFavour()).isEqualTo(BigInteger.ONE);
        assertThat(solar.against()).as("alice's second vote replaced her first").isEqualTo(BigInteger.ONE);
        assertThat(solar.eligible()).as("no more for than against").isFalse();
        assertThat(r.get(2).voters()).isZero();
        assertThat(r.get(2).eligible()).isFalse();
    }

    @Test
    void squareRootWeightsFavourSmallMinersAndAQuorumIsAFloorOfVoters() {
        List<Tally.Ballot> ballots = List.of(vote("solar", "alice", true), vote("antenna", "bob", true), vote("antenna", "dave", true));
        List<Tally.Result> sqrt = Tally.count(CANDIDATES, ballots, WORK, Voting.Weight.SQRT, 0);
        // alice: sqrt(10 000) = 100; bob and dave: 10 + 20 = 30.
        assertThat(sqrt.get(0).project()).isEqualTo("solar");
        assertThat(sqrt.get(0).inFavour()).isEqualTo(BigInteger.valueOf(100));
        assertThat(sqrt.get(1).inFavour()).isEqualTo(BigInteger.valueOf(30));

        List<Tally.Result> quorum = Tally.count(CANDIDATES, ballots, WORK, Voting.Weight.SQRT, 2);
        assertThat(quorum.get(0).eligible()).as("one voter is below a quorum of two").isFalse();
        assertThat(quorum.get(1).eligible()).isTrue();
    }

    @Test
    void equalVotesRankTheEarlierProposalFirst() {
        List<Tally.Result> r = Tally.count(CANDIDATES, List.of(vote("workshop", "alice", true), vote("antenna", "bob", true)), WORK,
                Voting.Weight.ONE, 0);
        assertThat(r).extracting(Tally.Result::project).containsExactly("antenna", "workshop", "solar");
    }

    @Test
    void fundingGoesInRankOrderAndStopsAtTheFirstProposalTheFundCannotCoverInFull() {
        List<Tally.Result> ranked = Tally.count(CANDIDATES, List.of(
                vote("solar", "alice", true), vote("solar", "bob", true), vote("solar", "dave", true),
                vote("antenna", "alice", true), vote("antenna", "bob", true),
                vote("workshop", "alice", true)), WORK, Voting.Weight.ONE, 0);
        assertThat(ranked).extracting(Tally.Result::project).containsExactly("solar", "antenna", "workshop");
        // 1% fee budget: solar reserves 10 100 000, antenna 5 050 000, workshop 2 020 000.
        java.util.function.ToLongFunction<Tally.Result> budget = r -> r.amountMsat() / 100;
        assertThat(Tally.fund(ranked, 40_000_000, budget)).extracting(Tally.Funding::project)
                .containsExactly("solar", "antenna", "workshop");
        List<Tally.Funding> some = Tally.fund(ranked, 14_000_000, budget);
        assertThat(some).as("antenna does not fit in what solar leaves; workshop would, but the order is kept")
                .extracting(Tally.Funding::project).containsExactly("solar");
        assertThat(some.get(0).reservedMsat()).isEqualTo(10_100_000);
        assertThat(Tally.fund(ranked, 10_099_999, budget)).as("not even the first").isEmpty();
        long spent = Tally.fund(ranked, 16_000_000, budget).stream().mapToLong(Tally.Funding::reservedMsat).sum();
        assertThat(spent).isEqualTo(15_150_000).isLessThanOrEqualTo(16_000_000);
    }
}
