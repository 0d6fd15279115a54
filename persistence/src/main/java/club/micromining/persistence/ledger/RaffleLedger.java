package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.raffle.ChainClock;
import club.micromining.pool.raffle.Raffle;
import club.micromining.pool.raffle.Rounds;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The raffle's rounds in the ledger: each seal commits the rounds that ended (in the sealing transaction),
 * {@link #draw} draws the committed ones whose deciding block has its confirmations, and the drawn prizes
 * wait here until the winner's entity acknowledges them. Tickets and pots come from the ledger's own entries.
 */
public final class RaffleLedger {
    private final DataSource dataSource;
    private volatile Raffle.Settings raffle;
    private volatile ChainClock chain;
    private final RoundQueries queries;

    /**
     * From now on, each seal also commits the raffle of every round that ended and has no commitment yet,
     * and draws every committed one whose deciding block has its confirmations.
     */
    public void start(Raffle.Settings settings, ChainClock chain) {
        this.raffle = settings;
        this.chain = chain;
        queries.start(settings);
    }

    /** Rounds as members read them: tickets, commitments, draws and pots. */
    public RoundQueries queries() {
        return queries;
    }

    RaffleLedger(DataSource dataSource) {
        this.dataSource = dataSource;
        this.queries = new RoundQueries(dataSource);
    }

    /**
     * Commits every round that ended by {@code sealedUntil} (all its contributions are entries now) and was
     * not committed: tickets from the ledger's own contribution entries, appended after the root, in the
     * sealing transaction, so a round is committed exactly once.
     */
    LedgerStore.Head commitRounds(Connection c, LedgerStore.Head h, long sealedUntil, long nowMillis) throws SQLException {
        Raffle.Settings settings = raffle;
        java.util.OptionalLong tip = settings == null ? java.util.OptionalLong.empty() : chain.tipHeight();
        if (tip.isEmpty()) {
            return h;
        }
        Rounds rounds = settings.rounds();
        String round = nextRound(c, rounds);
        LedgerStore.Head head = h;
        while (round != null && rounds.endOf(round) <= sealedUntil) {
            Map<String, java.math.BigInteger> tickets = Raffle.tickets(roundWork(c, rounds.startOf(round), rounds.endOf(round)),
                    settings.weighting());
            long seq = -1;
            Raffle.Commitment commitment = Raffle.commit(round, tickets, tip.getAsLong(), settings.delayBlocks());
            if (!commitment.tickets().isEmpty()) {
                seq = head.nextSeq();
                head = LedgerStore.appendTo(c, head, List.of(LedgerKinds.commitment(commitment, rounds.startOf(round), rounds.endOf(round),
                        settings.weighting(), tip.getAsLong())), nowMillis);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO raffle_rounds (round_id, commitment_seq) VALUES (?, ?)")) {
                ps.setString(1, round);
                ps.setLong(2, seq);
                ps.executeUpdate();
            }
            round = rounds.next(round);
        }
        return head;
    }

    /** The round after the last one committed; without any, the round of the ledger's first contribution. */
    private static String nextRound(Connection c, Rounds rounds) throws SQLException {
        String last = latestRound(c, "raffle_rounds", rounds);
        if (last != null) {
            return rounds.next(last);
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT body FROM ledger_entries WHERE kind = 'contribution' ORDER BY seq LIMIT 1"); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            long start = java.time.Instant.parse(Jcs.parse(rs.getString(1)).path("payload").path("periodStart").asText()).toEpochMilli();
            return rounds.idOf(start);
        }
    }

    /** The latest of the rounds a table has a row of (ids do not sort as text: month ids and sequence numbers), or null. */
    static String latestRound(Connection c, String table, Rounds rounds) throws SQLException {
        String last = null;
        long lastStart = Long.MIN_VALUE;
        try (PreparedStatement ps = c.prepareStatement("SELECT round_id FROM " + table); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long start = rounds.startOf(rs.getString(1));
                if (start > lastStart) {
                    lastStart = start;
                    last = rs.getString(1);
                }
            }
        }
        return last;
    }

    /** Each account's exact work in a round, from the contribution entries whose period starts in it. */
    static Map<String, BigDecimal> roundWork(Connection c, long start, long end) throws SQLException {
        Map<String, BigDecimal> work = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM ledger_entries WHERE kind = 'contribution' ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                com.fasterxml.jackson.databind.JsonNode p = Jcs.parse(rs.getString(1)).path("payload");
                long at = java.time.Instant.parse(p.path("periodStart").asText()).toEpochMilli();
                if (at >= start && at < end) {
                    work.merge(p.path("account").asText(), new BigDecimal(p.path("difficulty").asText()), BigDecimal::add);
                }
            }
        }
        return work;
    }

    /**
     * Draws every committed round whose deciding block has its confirmations: the block's hash is asked of
     * the chain first, then the draw is appended in a transaction that takes the head and the round's row,
     * so a round is drawn once however many sealers try.
     *
     * @return the draws made
     */
    public List<Raffle.Draw> draw() throws SQLException, InterruptedException {
        Raffle.Settings settings = raffle;
        ChainClock clock = chain;
        List<Raffle.Draw> drawn = new ArrayList<>();
        java.util.OptionalLong tip = settings == null ? java.util.OptionalLong.empty() : clock.tipHeight();
        if (tip.isEmpty()) {
            return drawn;
        }
        List<String[]> undrawn = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.round_id, e.body FROM raffle_rounds r JOIN ledger_entries e ON e.seq = r.commitment_seq "
                        + "WHERE r.commitment_seq >= 0 AND r.drawn_seq IS NULL"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                undrawn.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] round : undrawn) {
            Raffle.Commitment commitment = LedgerKinds.commitmentOf(Jcs.parse(round[1]).get("payload"));
            if (tip.getAsLong() < commitment.targetHeight() + settings.confirmations()) {
                continue;
            }
            Optional<String> hash;
            try {
                hash = clock.blockHash(commitment.targetHeight()).toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new SQLException("the hash of block " + commitment.targetHeight() + " could not be read: " + e.getMessage(), e);
            }
            if (hash.isEmpty()) {
                continue;
            }
            Raffle.Draw draw = Raffle.draw(commitment, hash.get());
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    LedgerStore.Head h = LedgerStore.lockHead(c);
                    boolean open;
                    try (PreparedStatement ps = c.prepareStatement("SELECT drawn_seq FROM raffle_rounds WHERE round_id = ? FOR UPDATE")) {
                        ps.setString(1, round[0]);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            rs.getLong(1);
                            open = rs.wasNull();
                        }
                    }
                    if (open) {
                        long roundEnd = java.time.Instant.parse(Jcs.parse(round[1]).get("payload").get("roundEnd").asText()).toEpochMilli();
                        long pot = rafflePot(c, roundEnd);
                        LedgerStore.writeHead(c, LedgerStore.appendTo(c, h, List.of(LedgerKinds.draw(draw, commitment.rootHex(), pot, settings.prizeSharePercent())),
                                System.currentTimeMillis()));
                        try (PreparedStatement ps = c.prepareStatement("UPDATE raffle_rounds SET drawn_seq = ? WHERE round_id = ?")) {
                            ps.setLong(1, h.nextSeq());
                            ps.setString(2, round[0]);
                            ps.executeUpdate();
                        }
                        drawn.add(draw);
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        }
        return drawn;
    }

    /**
     * The raffle pot a draw gives from: every raffle-pot part of the contributions of periods before the
     * round's end, less every prize drawn before, plus every prize that rolled over unclaimed. What a prize
     * leaves, and the pot of rounds without tickets, so roll over.
     */
    static long rafflePot(Connection c, long roundEnd) throws SQLException {
        long pot = 0;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT kind, body FROM ledger_entries WHERE kind IN ('contribution', 'raffle-draw', 'prize-rolled-over') ORDER BY seq");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                pot += potChange(rs.getString(1), Jcs.parse(rs.getString(2)).path("payload"), roundEnd);
            }
        }
        return pot;
    }

    /**
     * What an entry changes in the raffle pot of a draw at {@code roundEnd}: a contribution of a period before
     * the end adds its raffle part, a draw takes its prize, a roll-over gives its prize back; nothing else counts.
     */
    static long potChange(String kind, com.fasterxml.jackson.databind.JsonNode payload, long roundEnd) {
        return switch (kind) {
            case LedgerKinds.RAFFLE_DRAW -> -payload.path("prizeMsat").asLong();
            case LedgerKinds.PRIZE_ROLLED_OVER -> payload.path("msat").asLong();
            case LedgerKinds.CONTRIBUTION -> java.time.Instant.parse(payload.path("periodStart").asText()).toEpochMilli() < roundEnd
                    ? payload.path("split").path("rafflePot").asLong() : 0;
            default -> 0;
        };
    }

    /** A drawn round whose prize the winner's entity has not acknowledged yet. */
    public record PendingPrize(String round, long drawSeq, String winner, long msat, long drawnAtMillis) {
    }

    public List<PendingPrize> pendingPrizes() throws SQLException {
        List<PendingPrize> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.round_id, r.drawn_seq, e.body FROM raffle_rounds r JOIN ledger_entries e ON e.seq = r.drawn_seq "
                        + "WHERE r.drawn_seq IS NOT NULL AND NOT r.prize_credited"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                com.fasterxml.jackson.databind.JsonNode body = Jcs.parse(rs.getString(3));
                com.fasterxml.jackson.databind.JsonNode p = body.path("payload");
                out.add(new PendingPrize(rs.getString(1), rs.getLong(2), p.path("winner").asText(), p.path("prizeMsat").asLong(),
                        java.time.Instant.parse(body.path("time").asText()).toEpochMilli()));
            }
        }
        return out;
    }

    /**
     * The winner set no payout destination within the claim window: the prize goes back to the pot (an
     * entry, so the next draw's pot counts it), and the round's prize is settled, in one transaction.
     */
    public void rollOver(PendingPrize p) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                LedgerStore.Head h = LedgerStore.lockHead(c);
                try (PreparedStatement ps = c.prepareStatement("SELECT prize_credited FROM raffle_rounds WHERE round_id = ? FOR UPDATE")) {
                    ps.setString(1, p.round());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next() || rs.getBoolean(1)) {
                            c.rollback();
                            return;
                        }
                    }
                }
                LedgerStore.writeHead(c, LedgerStore.appendTo(c, h, List.of(LedgerKinds.prizeRolledOver(p.round(), p.drawSeq(), p.winner(),
                        p.msat())), System.currentTimeMillis()));
                try (PreparedStatement ps = c.prepareStatement("UPDATE raffle_rounds SET prize_credited = TRUE WHERE round_id = ?")) {
                    ps.setString(1, p.round());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public void credited(String round) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE raffle_rounds SET prize_credited = TRUE WHERE round_id = ?")) {
            ps.setString(1, round);
            ps.executeUpdate();
        }
    }
}
