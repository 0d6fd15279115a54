package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.projects.Tally;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.raffle.Raffle;
import club.micromining.pool.raffle.Rounds;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import javax.sql.DataSource;

/**
 * The club's vote in the ledger: each seal tallies the rounds that ended (in the sealing transaction, so a
 * round's vote is counted once), from the ledger's own proposal, vote and contribution entries, and funds
 * the winners from what the project fund holds then ({@link ProjectBook}); the projects hear their results
 * until they acknowledge them. {@code verify-ledger} recomputes every tally from the export.
 */
public final class ProjectsLedger {
    private final DataSource dataSource;
    private volatile Voting voting;
    private volatile LongUnaryOperator feeBudget;

    ProjectsLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** From now on each seal tallies the rounds that ended; a funding's fee budget is the payout policy's for its amount. */
    public void start(Voting voting, LongUnaryOperator feeBudget) {
        this.feeBudget = feeBudget;
        this.voting = voting;
    }

    LedgerStore.Head tallyRounds(Connection c, LedgerStore.Head h, long sealedUntil, long nowMillis) throws SQLException {
        Voting v = voting;
        if (v == null) {
            return h;
        }
        Rounds rounds = v.rounds();
        String round = nextRound(c, rounds);
        LedgerStore.Head head = h;
        while (round != null && rounds.endOf(round) <= sealedUntil) {
            ProjectBook book = book(c);
            List<Tally.Candidate> candidates = book.candidates(round);
            long seq = -1;
            if (!candidates.isEmpty()) {
                Map<String, BigInteger> hashes = new TreeMap<>();
                RaffleLedger.roundWork(c, rounds.startOf(round), rounds.endOf(round)).forEach((a, d) -> hashes.put(a, Raffle.hashes(d)));
                List<Tally.Result> ranked = Tally.count(candidates, book.ballots(round), hashes, v.weight(), v.quorum());
                long fund = book.fundAt(rounds.endOf(round));
                List<Tally.Funding> funded = Tally.fund(ranked, fund, r -> feeBudget.applyAsLong(r.amountMsat()));
                seq = head.nextSeq();
                head = LedgerStore.appendTo(c, head, List.of(LedgerKinds.tally(round, rounds.startOf(round), rounds.endOf(round), v.weight(),
                        v.quorum(), fund, ranked, feeBudget, funded)),
                        nowMillis);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO project_tallies (round_id, tally_seq) VALUES (?, ?)")) {
                ps.setString(1, round);
                ps.setLong(2, seq);
                ps.executeUpdate();
            }
            round = rounds.next(round);
        }
        return head;
    }

    private static ProjectBook book(Connection c) throws SQLException {
        ProjectBook book = new ProjectBook();
        StringBuilder in = new StringBuilder();
        for (String k : ProjectBook.KINDS) {
            in.append(in.length() == 0 ? "'" : ", '").append(k).append('\'');
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, body FROM ledger_entries WHERE kind IN (" + in + ") ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                book.add(rs.getString(1), Jcs.parse(rs.getString(2)).path("payload"));
            }
        }
        return book;
    }

    /** The round after the last one tallied; without any, the round of the first proposal in the ledger. */
    private static String nextRound(Connection c, Rounds rounds) throws SQLException {
        String last = RaffleLedger.latestRound(c, "project_tallies", rounds);
        if (last != null) {
            return rounds.next(last);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM ledger_entries WHERE kind = '" + LedgerKinds.PROJECT_PROPOSED
                + "' ORDER BY seq LIMIT 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Jcs.parse(rs.getString(1)).path("payload").path("round").asText() : null;
        }
    }

    /** A project's result in a tally its entity has not acknowledged yet. */
    public record PendingResult(String round, long tallySeq, String project, String inFavour, String against, int voters, int rank,
                                boolean funded, long feeBudgetMsat) {
    }

    /** The results of every tally not yet acknowledged by all its projects. */
    public List<PendingResult> pendingResults() throws SQLException {
        List<PendingResult> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT t.round_id, t.tally_seq, e.body FROM project_tallies t JOIN ledger_entries e ON e.seq = t.tally_seq "
                        + "WHERE t.tally_seq >= 0 AND NOT t.acknowledged ORDER BY t.tally_seq"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                JsonNode results = Jcs.parse(rs.getString(3)).path("payload").path("results");
                int rank = 0;
                for (JsonNode r : results) {
                    rank++;
                    out.add(new PendingResult(rs.getString(1), rs.getLong(2), r.path("project").asText(), r.path("inFavour").asText(),
                            r.path("against").asText(), r.path("voters").asInt(), rank, r.path("funded").asBoolean(),
                            r.path("feeBudgetMsat").asLong()));
                }
            }
        }
        return out;
    }

    public void acknowledged(String round) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE project_tallies SET acknowledged = TRUE WHERE round_id = ?")) {
            ps.setString(1, round);
            ps.executeUpdate();
        }
    }
}
