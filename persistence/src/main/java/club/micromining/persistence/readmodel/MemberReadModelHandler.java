package club.micromining.persistence.readmodel;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.alerts.Alerts;
import club.micromining.pool.member.MemberEntity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps {@code member_accounts} (balance, reserved, paid, fees, destination, owner, alert settings,
 * watcher link), {@code member_days}, {@code member_alerts} and {@code payouts} from member events,
 * exactly once. The balances follow the entity's own arithmetic: a requested payout
 * reserves its amount and fee budget, a settled one releases the unused budget, a failed one all of it.
 */
public final class MemberReadModelHandler extends JdbcHandler<List<EventEnvelope<MemberEntity.Event>>, PooledJdbcSession> {

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<MemberEntity.Event>> envelopes) throws Exception {
        session.withConnection(c -> {
            for (EventEnvelope<MemberEntity.Event> env : envelopes) {
                apply(c, MemberEntity.accountOf(env.persistenceId()), env.event());
            }
            return null;
        });
    }

    private static void apply(Connection c, String account, MemberEntity.Event event) throws SQLException {
        ensure(c, account);
        if (event instanceof MemberEntity.AccrualsCredited e) {
            long sum = 0;
            for (MemberEntity.Credit credit : e.credits()) {
                sum += credit.msat();
            }
            update(c, "UPDATE member_accounts SET balance_msat = balance_msat + ?, credited_msat = credited_msat + ? WHERE account = ?",
                    sum, sum, account);
            creditDay(c, account, e.atMillis(), sum);
        } else if (event instanceof MemberEntity.BlockRewardsCredited e) {
            update(c, "UPDATE member_accounts SET balance_msat = balance_msat + ?, credited_msat = credited_msat + ? WHERE account = ?",
                    e.msat(), e.msat(), account);
            creditDay(c, account, e.atMillis(), e.msat());
        } else if (event instanceof MemberEntity.PrizeCredited e) {
            update(c, "UPDATE member_accounts SET balance_msat = balance_msat + ?, credited_msat = credited_msat + ? WHERE account = ?",
                    e.msat(), e.msat(), account);
            creditDay(c, account, e.atMillis(), e.msat());
        } else if (event instanceof MemberEntity.PayoutSettingsChanged e) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE member_accounts SET destination = ? WHERE account = ?")) {
                ps.setString(1, e.settings().destination());
                ps.setString(2, account);
                ps.executeUpdate();
            }
        } else if (event instanceof MemberEntity.AccountClaimed e) {
            setOwner(c, account, e.linkingKey(), e.atMillis());
        } else if (event instanceof MemberEntity.ClaimReleased) {
            setOwner(c, account, null, null);
        } else if (event instanceof MemberEntity.AlertSettingsChanged e) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE member_accounts SET alert_silent_minutes = ?, alert_best_share = ?, "
                    + "alert_webhook = ? WHERE account = ?")) {
                ps.setInt(1, e.settings().silentMinutes());
                ps.setBoolean(2, e.settings().bestShare());
                ps.setString(3, e.settings().webhookUrl());
                ps.setString(4, account);
                ps.executeUpdate();
            }
        } else if (event instanceof MemberEntity.AlertsRaised e) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_alerts (account, raised_at, seq, kind, worker, alert_value) "
                    + "VALUES (?, ?, ?, ?, ?, ?)")) {
                int seq = 0;
                for (Alerts.Alert a : e.alerts()) {
                    ps.setString(1, account);
                    ps.setLong(2, e.atMillis());
                    ps.setInt(3, seq++);
                    ps.setString(4, a.kind().name());
                    ps.setString(5, a.worker());
                    ps.setDouble(6, a.value());
                    ps.addBatch();
                }
                if (seq > 0) {
                    ps.executeBatch();
                }
            }
        } else if (event instanceof MemberEntity.WatcherLinkIssued e) {
            setWatcher(c, account, e.tokenHash());
        } else if (event instanceof MemberEntity.WatcherLinkRevoked) {
            setWatcher(c, account, null);
        } else if (event instanceof MemberEntity.PayoutRequested e) {
            long reserved = e.payout().amountMsat() + e.payout().feeBudgetMsat();
            update(c, "UPDATE member_accounts SET balance_msat = balance_msat - ?, reserved_msat = reserved_msat + ? WHERE account = ?",
                    reserved, reserved, account);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO payouts (payment_hash, account, destination, amount_msat, "
                    + "status, requested_at) VALUES (?, ?, ?, ?, 'IN_FLIGHT', ?)")) {
                ps.setString(1, e.payout().paymentHash());
                ps.setString(2, account);
                ps.setString(3, e.payout().destination());
                ps.setLong(4, e.payout().amountMsat());
                ps.setLong(5, e.payout().requestedAtMillis());
                ps.executeUpdate();
            }
        } else if (event instanceof MemberEntity.PayoutSettled e) {
            long budget = reservedOf(c, account) - e.amountMsat();
            update(c, "UPDATE member_accounts SET balance_msat = balance_msat + ?, reserved_msat = reserved_msat - ? WHERE account = ?",
                    budget - e.feeMsat(), e.amountMsat() + budget, account);
            update(c, "UPDATE member_accounts SET paid_msat = paid_msat + ?, fees_msat = fees_msat + ? WHERE account = ?",
                    e.amountMsat(), e.feeMsat(), account);
            finish(c, e.paymentHash(), "SETTLED", e.feeMsat(), e.preimage(), null, e.atMillis());
        } else if (event instanceof MemberEntity.PayoutFailed e) {
            long reserved = reservedOf(c, account);
            update(c, "UPDATE member_accounts SET balance_msat = balance_msat + ?, reserved_msat = reserved_msat - ? WHERE account = ?",
                    reserved, reserved, account);
            finish(c, e.paymentHash(), "FAILED", null, null, e.reason(), e.atMillis());
        }
    }

    private static final Upsert<DayCredit> DAYS = new Upsert<>(
            "UPDATE member_days SET msat = msat + ? WHERE account = ? AND at_day = ?",
            (ps, d) -> {
                ps.setLong(1, d.msat());
                ps.setString(2, d.account());
                ps.setLong(3, d.day());
            },
            "INSERT INTO member_days (account, at_day, msat) VALUES (?, ?, ?)",
            (ps, d) -> {
                ps.setString(1, d.account());
                ps.setLong(2, d.day());
                ps.setLong(3, d.msat());
            });

    private record DayCredit(String account, long day, long msat) {
    }

    /** What an account was credited on a UTC day: the member pages' chart of earnings. */
    private static void creditDay(Connection c, String account, long atMillis, long msat) throws SQLException {
        if (msat != 0) {
            DAYS.run(c, List.of(new DayCredit(account, Periods.day(atMillis), msat)));
        }
    }

    private static void setWatcher(Connection c, String account, String hash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE member_accounts SET watcher_hash = ? WHERE account = ?")) {
            ps.setString(1, hash);
            ps.setString(2, account);
            ps.executeUpdate();
        }
    }

    private static void setOwner(Connection c, String account, String key, Long at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE member_accounts SET owner_key = ?, claimed_at = ? WHERE account = ?")) {
            ps.setString(1, key);
            if (at == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, at);
            }
            ps.setString(3, account);
            ps.executeUpdate();
        }
    }

    /** A payout's reservation: everything reserved for the account, since at most one payout is in flight. */
    private static long reservedOf(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reserved_msat FROM member_accounts WHERE account = ?")) {
            ps.setString(1, account);
            try (var rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static void ensure(Connection c, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM member_accounts WHERE account = ?")) {
            ps.setString(1, account);
            try (var rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO member_accounts (account, balance_msat, credited_msat) VALUES (?, 0, 0)")) {
            ps.setString(1, account);
            ps.executeUpdate();
        }
    }

    private static void update(Connection c, String sql, long a, long b, String account) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, a);
            ps.setLong(2, b);
            ps.setString(3, account);
            ps.executeUpdate();
        }
    }

    private static void finish(Connection c, String hash, String status, Long fee, String preimage, String reason, long at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE payouts SET status = ?, fee_msat = ?, preimage = ?, reason = ?, finished_at = ? WHERE payment_hash = ?")) {
            ps.setString(1, status);
            if (fee == null) {
                ps.setNull(2, Types.BIGINT);
            } else {
                ps.setLong(2, fee);
            }
            ps.setString(3, preimage);
            ps.setString(4, reason == null ? null : reason.substring(0, Math.min(300, reason.length())));
            ps.setLong(5, at);
            ps.setString(6, hash);
            ps.executeUpdate();
        }
    }
}
