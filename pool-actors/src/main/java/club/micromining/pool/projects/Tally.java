package club.micromining.pool.projects;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a vote is counted, and where the project fund is spent: pure functions over a round's proposals,
 * its votes and its work, run by the sealer at the round's close and again by {@code verify-ledger}.
 */
public final class Tally {

    private Tally() {
    }

    /** A proposal standing at the round's close (not withdrawn). */
    public record Candidate(String project, long proposedAtMillis, long amountMsat) {
    }

    /** A vote as cast; of an account's votes on a proposal the last one counts. */
    public record Ballot(String project, String account, boolean inFavour) {
    }

    /**
     * @param inFavour weight of the votes for
     * @param against  weight of the votes against
     * @param voters   distinct accounts whose vote counted (weight above zero)
     * @param eligible has the quorum and more weight for than against: may be funded
     */
    public record Result(String project, long proposedAtMillis, long amountMsat, BigInteger inFavour, BigInteger against,
                         int voters, boolean eligible) {
        public BigInteger score() {
            return inFavour.subtract(against);
        }
    }

    /** A funded proposal: what is reserved for it in the project fund. */
    public record Funding(String project, long amountMsat, long feeBudgetMsat) {
        public long reservedMsat() {
            return Math.addExact(amountMsat, feeBudgetMsat);
        }
    }

    /**
     * Counts the votes: each account's last ballot per proposal, weighed by its round's work ({@code hashes};
     * an account without work weighs nothing), ranked by votes for less votes against, ties to the earlier
     * proposal, then by its id.
     */
    public static List<Result> count(List<Candidate> candidates, List<Ballot> ballotsInOrder, Map<String, BigInteger> hashes,
                                     Voting.Weight weight, int quorum) {
        Map<String, Map<String, Boolean>> last = new LinkedHashMap<>();
        for (Ballot b : ballotsInOrder) {
            last.computeIfAbsent(b.project(), p -> new LinkedHashMap<>()).put(b.account(), b.inFavour());
        }
        List<Result> results = new ArrayList<>();
        for (Candidate c : candidates) {
            BigInteger yes = BigInteger.ZERO;
            BigInteger no = BigInteger.ZERO;
            int voters = 0;
            for (Map.Entry<String, Boolean> v : last.getOrDefault(c.project(), Map.of()).entrySet()) {
                BigInteger w = weigh(hashes.getOrDefault(v.getKey(), BigInteger.ZERO), weight);
                if (w.signum() == 0) {
                    continue;
                }
                voters++;
                if (v.getValue()) {
                    yes = yes.add(w);
                } else {
                    no = no.add(w);
                }
            }
            results.add(new Result(c.project(), c.proposedAtMillis(), c.amountMsat(), yes, no, voters,
                    voters >= quorum && yes.compareTo(no) > 0));
        }
        results.sort(Comparator.comparing(Result::score).reversed()
                .thenComparingLong(Result::proposedAtMillis).thenComparing(Result::project));
        return results;
    }

    static BigInteger weigh(BigInteger hashes, Voting.Weight weight) {
        if (hashes.signum() <= 0) {
            return BigInteger.ZERO;
        }
        return weight == Voting.Weight.ONE ? BigInteger.ONE : hashes.sqrt();
    }

    /**
     * Funds the eligible proposals in rank order while the fund covers each one in full (its amount and the
     * fee budget of its payment); the first that does not fit ends the funding, so the ranking is kept.
     *
     * @param feeBudget the routing-fee budget of a proposal's payment (the payout policy's for its amount)
     */
    public static List<Funding> fund(List<Result> ranked, long fundMsat, java.util.function.ToLongFunction<Result> feeBudget) {
        List<Funding> funded = new ArrayList<>();
        long left = fundMsat;
        for (Result r : ranked) {
            if (!r.eligible()) {
                continue;
            }
            Funding f = new Funding(r.project(), r.amountMsat(), feeBudget.applyAsLong(r));
            if (f.reservedMsat() > left) {
                break;
            }
            left -= f.reservedMsat();
            funded.add(f);
        }
        return funded;
    }
}
