package club.micromining.persistence.readmodel;

import club.micromining.pool.accounting.Split;
import club.micromining.pool.device.DeviceState;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.BlockView;
import club.micromining.pool.view.DeviceView;
import club.micromining.pool.view.FundsView;
import club.micromining.pool.view.HashrateView;
import club.micromining.pool.view.NetworkView;
import club.micromining.pool.view.PayoutView;
import club.micromining.pool.view.PoolView;
import club.micromining.pool.view.SharesView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Queries over the read models, answered as the pool's views. Blocking JDBC: call them off the actor and stream threads. */
public final class ReadModels {
    private static final long MINUTE_MILLIS = 60_000;
    private static final int HOUR_MINUTES = 60;

    private final DataSource dataSource;

    public ReadModels(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The pool's totals; the network is the facade's to add. */
    public PoolView pool(long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long online;
            long shares;
            double difficulty;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COALESCE(SUM(shares), 0), COALESCE(SUM(difficulty_sum), 0) FROM device_stats");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                shares = rs.getLong(1);
                difficulty = rs.getDouble(2);
            }
            // DeviceState.online, in SQL: connected to some node, and heard from within its window.
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM (SELECT device_id, SUM(connections) AS n, "
                    + "MAX(last_connected_at) AS connected_at FROM device_presence GROUP BY device_id) p "
                    + "LEFT JOIN device_stats s ON s.device_id = p.device_id "
                    + "WHERE p.n > 0 AND GREATEST(p.connected_at, COALESCE(s.last_share_at, 0)) > ?")) {
                ps.setLong(1, nowMillis - DeviceState.ONLINE_WITHIN_MILLIS);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    online = rs.getLong(1);
                }
            }
            double[] work = new double[HashrateView.WINDOWS.length];
            long now = nowMillis / MINUTE_MILLIS;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT at_minute, SUM(difficulty) FROM pool_minutes WHERE at_minute >= ? AND at_minute < ? GROUP BY at_minute")) {
                ps.setLong(1, now - HOUR_MINUTES);
                ps.setLong(2, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        addToWindows(work, now, rs.getLong(1), rs.getDouble(2));
                    }
                }
            }
            Map<String, Long> rejected = new TreeMap<>();
            long rejectedTotal = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT reason, SUM(shares) FROM pool_rejections GROUP BY reason");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rejected.put(rs.getString(1), rs.getLong(2));
                    rejectedTotal += rs.getLong(2);
                }
            }
            long blocks;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM blocks WHERE accepted");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                blocks = rs.getLong(1);
            }
            Map<Split.Fund, Long> funds = new EnumMap<>(Split.Fund.class);
            try (PreparedStatement ps = c.prepareStatement("SELECT fund, msat FROM pool_funds");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    funds.put(Split.Fund.ofKey(rs.getString(1)), rs.getLong(2));
                }
            }
            return new PoolView(online, HashrateView.fromWork(work), new SharesView(shares, difficulty, rejectedTotal, rejected),
                    blocks, new FundsView(funds), NetworkView.UNKNOWN);
        }
    }

    /** The latest blocks the pool submitted, newest first, with their divisions. */
    public List<BlockView> blocks(int limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            List<BlockView> blocks = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT b.hash, b.height, b.finder, b.accepted, b.reason, b.found_at, "
                    + "r.scheme, r.value_msat, r.work_window, r.counted_difficulty, r.undistributed_msat, r.distributed_at "
                    + "FROM blocks b LEFT JOIN block_rewards r ON r.hash = b.hash ORDER BY b.found_at DESC, b.hash LIMIT ?");
                 PreparedStatement credits = c.prepareStatement("SELECT account, accrual_msat, member_msat "
                         + "FROM block_reward_credits WHERE hash = ? ORDER BY account")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String hash = rs.getString(1);
                        BlockView.Reward reward = rs.getString(7) == null ? null : new BlockView.Reward(rs.getString(7),
                                rs.getLong(8), rs.getString(9), rs.getString(10), rs.getLong(11),
                                Instant.ofEpochMilli(rs.getLong(12)), credits(credits, hash));
                        blocks.add(new BlockView(hash, rs.getLong(2), rs.getString(3), rs.getBoolean(4), rs.getString(5),
                                Instant.ofEpochMilli(rs.getLong(6)), reward));
                    }
                }
            }
            return blocks;
        }
    }

    private static List<BlockView.Credit> credits(PreparedStatement ps, String hash) throws SQLException {
        List<BlockView.Credit> credits = new ArrayList<>();
        ps.setString(1, hash);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                credits.add(new BlockView.Credit(rs.getString(1), rs.getLong(2), rs.getLong(3)));
            }
        }
        return credits;
    }

    /** The account, or empty when no device of it ever mined and it has no balance. */
    public Optional<AccountView> account(String account, long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long now = nowMillis / MINUTE_MILLIS;
            Map<String, double[]> work = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, at_minute, difficulty FROM device_minutes "
                    + "WHERE account = ? AND at_minute >= ? AND at_minute < ?")) {
                ps.setString(1, account);
                ps.setLong(2, now - HOUR_MINUTES);
                ps.setLong(3, now);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        addToWindows(work.computeIfAbsent(rs.getString(1), k -> new double[HashrateView.WINDOWS.length]),
                                now, rs.getLong(2), rs.getDouble(3));
                    }
                }
            }
            Map<String, long[]> presence = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT worker, SUM(connections), MAX(last_connected_at) "
                    + "FROM device_presence WHERE account = ? GROUP BY worker")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        presence.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                    }
                }
            }
            Map<String, DeviceView> devices = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, worker, shares, difficulty_sum, best_difficulty, "
                    + "last_share_at FROM device_stats WHERE account = ?")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String worker = rs.getString(2);
                        long lastShare = rs.getLong(6);
                        long[] p = presence.getOrDefault(worker, new long[2]);
                        boolean online = DeviceState.online((int) p[0], lastShare, p[1], nowMillis);
                        double[] w = work.getOrDefault(rs.getString(1), new double[HashrateView.WINDOWS.length]);
                        devices.put(worker, new DeviceView(worker, online, HashrateView.fromWork(w), rs.getLong(3),
                                rs.getDouble(4), rs.getDouble(5), lastShare == 0 ? null : Instant.ofEpochMilli(lastShare)));
                    }
                }
            }
            // Connected and not mined yet: listed, with nothing to show but whether it is online.
            presence.forEach((worker, p) -> devices.computeIfAbsent(worker, w -> new DeviceView(w,
                    DeviceState.online((int) p[0], 0, p[1], nowMillis), HashrateView.NONE, 0, 0, 0, null)));
            Long balance = null;
            long credited = 0;
            long reserved = 0;
            long paid = 0;
            long fees = 0;
            String destination = null;
            boolean claimed = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT balance_msat, credited_msat, reserved_msat, paid_msat, "
                    + "fees_msat, destination, owner_key FROM member_accounts WHERE account = ?")) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        balance = rs.getLong(1);
                        credited = rs.getLong(2);
                        reserved = rs.getLong(3);
                        paid = rs.getLong(4);
                        fees = rs.getLong(5);
                        destination = rs.getString(6);
                        claimed = rs.getString(7) != null;
                    }
                }
            }
            if (devices.isEmpty() && balance == null) {
                return Optional.empty();
            }
            List<PayoutView> payouts = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT payment_hash, destination, amount_msat, fee_msat, status, "
                    + "preimage, reason, requested_at, finished_at FROM payouts WHERE account = ? ORDER BY requested_at DESC")) {
                ps.setString(1, account);
                ps.setMaxRows(50);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long fee = rs.getLong(4);
                        Long feeOrNull = rs.wasNull() ? null : fee;
                        long finished = rs.getLong(9);
                        Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
                        payouts.add(new PayoutView(rs.getString(1), rs.getString(2), rs.getLong(3), feeOrNull, rs.getString(5),
                                rs.getString(6), rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)), finishedAt));
                    }
                }
            }
            return Optional.of(new AccountView(account, List.copyOf(devices.values()), balance == null ? 0 : balance, credited, reserved, paid, fees,
                    destination, claimed, payouts));
        }
    }

    /** The accounts a wallet has claimed, by name. */
    public List<String> accountsOf(String linkingKey) throws SQLException {
        List<String> accounts = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account FROM member_accounts WHERE owner_key = ? ORDER BY account")) {
            ps.setString(1, linkingKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accounts.add(rs.getString(1));
                }
            }
        }
        return accounts;
    }

    /** Accounts the payout service should look at: a destination set, and something to pay or a payout in flight. */
    public List<String> payoutCandidates(long minimumMsat) throws SQLException {
        List<String> accounts = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account FROM member_accounts WHERE destination IS NOT NULL "
                     + "AND (balance_msat >= ? OR reserved_msat > 0)")) {
            ps.setLong(1, minimumMsat);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accounts.add(rs.getString(1));
                }
            }
        }
        return accounts;
    }

    private static void addToWindows(double[] work, long nowMinute, long minute, double difficulty) {
        for (int i = 0; i < HashrateView.WINDOWS.length; i++) {
            if (minute >= nowMinute - HashrateView.WINDOWS[i]) {
                work[i] += difficulty;
            }
        }
    }
}
