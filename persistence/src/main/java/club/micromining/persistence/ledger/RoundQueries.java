package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.raffle.Raffle;
import club.micromining.pool.raffle.Rounds;
import club.micromining.pool.view.RoundView;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Rounds as members read them, from the ledger: closed ones from their commitment and draw entries, the
 * open one live from the ledger's entries (for the current round summed incrementally) and the pending aggregates.
 */
public final class RoundQueries {
    private final DataSource dataSource;
    private volatile Raffle.Settings raffle;
    private volatile Sealed cache;

    /**
     * A round from the ledger's entries up to (not including) {@code nextSeq}: each account's work in the
     * round, the project fund's parts and donations in it, and the raffle pot for a draw at its end.
     */
    private record Sealed(String round, long nextSeq, Map<String, BigDecimal> work, long projectFund, long rafflePot) {
    }

    /** The sealed part and the pending aggregates together. */
    private record Live(Map<String, BigDecimal> work, long projectFund, long rafflePot) {
    }

    RoundQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void start(Raffle.Settings settings) {
        this.raffle = settings;
    }

    /** The current round and the latest closed ones, newest first, without ticket lists. */
    public List<RoundView> recent(long nowMillis, int limit) throws SQLException {
        Raffle.Settings s = raffle;
        List<RoundView> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        String id = s.rounds().idOf(nowMillis);
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < limit && s.rounds().endOf(id) > firstStart(c, s.rounds()); i++) {
                out.add(round(c, s, id, nowMillis).summary());
                id = previous(s.rounds(), id);
            }
        }
        return out;
    }

    public Optional<RoundView> round(String id, long nowMillis) throws SQLException {
        Raffle.Settings s = raffle;
        if (s == null) {
            return Optional.empty();
        }
        try {
            s.rounds().startOf(id);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
        if (s.rounds().startOf(id) > nowMillis) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection()) {
            return Optional.of(round(c, s, id, nowMillis));
        }
    }

    /** An account's work in a round so far, in hashes (what its tickets and its vote's weight come from). */
    public BigInteger hashes(String account, String round) throws SQLException {
        Raffle.Settings s = raffle;
        if (s == null) {
            return BigInteger.ZERO;
        }
        try (Connection c = dataSource.getConnection()) {
            BigDecimal d = live(c, s.rounds(), round).work().getOrDefault(account, BigDecimal.ZERO);
            return Raffle.hashes(d);
        }
    }

    private static String previous(Rounds rounds, String id) {
        return rounds.idOf(rounds.startOf(id) - 1);
    }

    private static long firstStart(Connection c, Rounds rounds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM ledger_entries WHERE kind = 'contribution' ORDER BY seq LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                return rounds.startOf(rounds.idOf(Instant.parse(Jcs.parse(rs.getString(1)).path("payload").path("periodStart").asText())
                        .toEpochMilli()));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(period_start) FROM ledger_pending"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long first = rs.getLong(1);
            return rs.wasNull() ? Long.MAX_VALUE : first;
        }
    }

    private RoundView round(Connection c, Raffle.Settings s, String id, long nowMillis) throws SQLException {
        Rounds rounds = s.rounds();
        long start = rounds.startOf(id);
        long end = rounds.endOf(id);
        String weighting = s.weighting().name().toLowerCase(java.util.Locale.ROOT);
        Long commitmentSeq = null;
        Long drawnSeq = null;
        boolean prizeSettled = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT commitment_seq, drawn_seq, prize_credited FROM raffle_rounds WHERE round_id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    commitmentSeq = rs.getLong(1);
                    long d = rs.getLong(2);
                    drawnSeq = rs.wasNull() ? null : d;
                    prizeSettled = rs.getBoolean(3);
                }
            }
        }
        Live live = live(c, rounds, id);
        if (commitmentSeq == null || commitmentSeq < 0) {
            Map<String, BigInteger> tickets = Raffle.tickets(live.work(), s.weighting());
            List<RoundView.Ticket> list = new ArrayList<>();
            BigInteger total = BigInteger.ZERO;
            for (Map.Entry<String, BigInteger> t : tickets.entrySet()) {
                if (t.getValue().signum() > 0) {
                    list.add(new RoundView.Ticket(t.getKey(), t.getValue().toString()));
                    total = total.add(t.getValue());
                }
            }
            String status = commitmentSeq != null ? "no-tickets" : nowMillis < end ? "open" : "closed";
            return new RoundView(id, start, end, status, weighting, live.rafflePot(), live.projectFund(), total.toString(),
                difficulty(live), list, null, null);
        }
        JsonNode commitment = entry(c, commitmentSeq);
        List<RoundView.Ticket> list = new ArrayList<>();
        commitment.path("tickets").forEach(t -> list.add(new RoundView.Ticket(t.path("account").asText(), t.path("tickets").asText())));
        RoundView.Commitment cv = new RoundView.Commitment(commitmentSeq, commitment.path("ticketRoot").asText(),
                commitment.path("tipHeight").asLong(), commitment.path("targetHeight").asLong());
        RoundView.Draw draw = null;
        long pot = live.rafflePot();
        if (drawnSeq != null) {
            JsonNode d = entry(c, drawnSeq);
            String prize = !prizeSettled ? "waiting" : rolledOver(c, id) ? "rolled-over" : "credited";
            draw = new RoundView.Draw(drawnSeq, d.path("height").asLong(), d.path("blockHash").asText(), d.path("seed").asText(),
                    d.path("iterations").asInt(), d.path("winner").asText(), d.path("potMsat").asLong(), d.path("prizePercent").asInt(),
                    d.path("prizeMsat").asLong(), prize);
            pot = d.path("potMsat").asLong();
        }
        return new RoundView(id, start, end, draw != null ? "drawn" : "committed", commitment.path("weighting").asText(), pot,
                live.projectFund(), commitment.path("total").asText(), difficulty(live), list, cv, draw);
    }

    private static String difficulty(Live live) {
        return LedgerKinds.decimal(live.work().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    private Live live(Connection c, Rounds rounds, String id) throws SQLException {
        long start = rounds.startOf(id);
        long end = rounds.endOf(id);
        Sealed sealed;
        if (id.equals(rounds.idOf(System.currentTimeMillis()))) {
            // The round under way is read every second (dashboards, votes): only entries new since the last read are scanned.
            synchronized (this) {
                Sealed before = cache;
                sealed = scan(c, before != null && before.round().equals(id) ? before : new Sealed(id, 0, Map.of(), 0, 0), start, end);
                cache = sealed;
            }
        } else {
            sealed = scan(c, new Sealed(id, 0, Map.of(), 0, 0), start, end);
        }
        Map<String, BigDecimal> work = new TreeMap<>(sealed.work());
        long fund = sealed.projectFund();
        long pot = sealed.rafflePot();
        try (PreparedStatement ps = c.prepareStatement("SELECT account, difficulty, project_fund_msat, raffle_pot_msat, period_start "
                + "FROM ledger_pending WHERE kind = 'contribution' AND period_start < ?")) {
            ps.setLong(1, end);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    pot += rs.getLong(4);
                    if (rs.getLong(5) >= start) {
                        work.merge(rs.getString(1), rs.getBigDecimal(2), BigDecimal::add);
                        fund += rs.getLong(3);
                    }
                }
            }
        }
        return new Live(work, fund, pot);
    }

    /**
     * Adds the entries from {@code from.nextSeq()} on: contributions of periods in the round to its work and
     * project fund, donations in it to the fund; to the pot for a draw at its end every raffle part of a
     * period before the end, less every prize drawn, plus every prize rolled over (as {@link RaffleLedger} counts it).
     */
    private static Sealed scan(Connection c, Sealed from, long start, long end) throws SQLException {
        Map<String, BigDecimal> work = new TreeMap<>(from.work());
        long fund = from.projectFund();
        long pot = from.rafflePot();
        long next = from.nextSeq();
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, body FROM ledger_entries WHERE seq >= ? AND kind IN "
                + "('contribution', 'donation', 'raffle-draw', 'prize-rolled-over') ORDER BY seq")) {
            ps.setLong(1, from.nextSeq());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    next = rs.getLong(1) + 1;
                    JsonNode body = Jcs.parse(rs.getString(3));
                    JsonNode p = body.path("payload");
                    pot += RaffleLedger.potChange(rs.getString(2), p, end);
                    switch (rs.getString(2)) {
                        case LedgerKinds.CONTRIBUTION -> {
                            long at = Instant.parse(p.path("periodStart").asText()).toEpochMilli();
                            if (at >= start && at < end) {
                                work.merge(p.path("account").asText(), new BigDecimal(p.path("difficulty").asText()), BigDecimal::add);
                                fund += p.path("split").path("projectFund").asLong();
                            }
                        }
                        case LedgerKinds.DONATION -> {
                            long at = Instant.parse(body.path("time").asText()).toEpochMilli();
                            if (at >= start && at < end) {
                                fund += p.path("amountMsat").asLong();
                            }
                        }
                        default -> {
                            // draws and roll-overs change only the pot
                        }
                    }
                }
            }
        }
        return new Sealed(from.round(), next, Map.copyOf(work), fund, pot);
    }

    private static JsonNode entry(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM ledger_entries WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Jcs.parse(rs.getString(1)).path("payload");
            }
        }
    }

    private static boolean rolledOver(Connection c, String round) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT body FROM ledger_entries WHERE kind = 'prize-rolled-over'");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (Jcs.parse(rs.getString(1)).path("payload").path("round").asText().equals(round)) {
                    return true;
                }
            }
        }
        return false;
    }
}
