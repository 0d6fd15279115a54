package club.micromining.persistence.readmodel;

import club.micromining.pool.accounting.Split;
import club.micromining.pool.device.DeviceState;
import club.micromining.pool.view.DayCreditView;
import club.micromining.pool.view.HighScoresView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.MonthView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Queries over the history tables (V12): charts, high scores, the month's funds, credits by day. */
public final class HistoryQueries {
    private static final double PERIOD_SECONDS = Periods.PERIOD_MILLIS / 1000.0;

    private final DataSource dataSource;

    public HistoryQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The pool's hash rate in the complete ten-minute periods of the last {@code periods}. */
    public HistoryView pool(long nowMillis, int periods) throws SQLException {
        long to = Periods.period(nowMillis);
        long from = to - periods;
        Map<Long, Double> work = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT at_period, SUM(difficulty) FROM pool_periods "
                     + "WHERE at_period >= ? AND at_period < ? GROUP BY at_period")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    work.put(rs.getLong(1), rs.getDouble(2));
                }
            }
        }
        return series(work, from, to);
    }

    /** Each device's hash rate of an account, by worker, in the same periods. */
    public Map<String, HistoryView> account(String account, long nowMillis, int periods) throws SQLException {
        long to = Periods.period(nowMillis);
        long from = to - periods;
        Map<String, Map<Long, Double>> byDevice = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.worker, p.at_period, p.difficulty FROM device_periods p "
                     + "JOIN device_stats d ON d.device_id = p.device_id "
                     + "WHERE p.account = ? AND p.at_period >= ? AND p.at_period < ?")) {
            ps.setString(1, account);
            ps.setLong(2, from);
            ps.setLong(3, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byDevice.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getLong(2), rs.getDouble(3));
                }
            }
        }
        Map<String, HistoryView> out = new LinkedHashMap<>();
        byDevice.forEach((worker, work) -> out.put(worker, series(work, from, to)));
        return out;
    }

    private static HistoryView series(Map<Long, Double> work, long from, long to) {
        List<HistoryView.Point> points = new ArrayList<>((int) (to - from));
        for (long p = from; p < to; p++) {
            points.add(new HistoryView.Point(Instant.ofEpochMilli(p * Periods.PERIOD_MILLIS),
                    work.getOrDefault(p, 0.0) * 0x1p32 / PERIOD_SECONDS));
        }
        return new HistoryView(points);
    }

    public HighScoresView highScores(long nowMillis, int limit) throws SQLException {
        String month = Periods.month(nowMillis);
        try (Connection c = dataSource.getConnection()) {
            List<HighScoresView.BestShare> monthBest = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT account, worker, best_difficulty, best_at FROM device_months "
                    + "WHERE at_month = ? AND best_difficulty > 0 ORDER BY best_difficulty DESC")) {
                ps.setString(1, month);
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        monthBest.add(new HighScoresView.BestShare(rs.getString(1), rs.getString(2), rs.getDouble(3),
                                Instant.ofEpochMilli(rs.getLong(4))));
                    }
                }
            }
            List<HighScoresView.BestShare> allTime = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT account, worker, best_difficulty, best_at FROM device_stats "
                    + "WHERE best_difficulty > 0 ORDER BY best_difficulty DESC")) {
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long at = rs.getLong(4);
                        allTime.add(new HighScoresView.BestShare(rs.getString(1), rs.getString(2), rs.getDouble(3),
                                at == 0 ? null : Instant.ofEpochMilli(at)));
                    }
                }
            }
            List<HighScoresView.Contribution> contributions = new ArrayList<>();
            double total = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT account, SUM(shares), SUM(difficulty_sum) AS d FROM device_months "
                    + "WHERE at_month = ? GROUP BY account ORDER BY d DESC")) {
                ps.setString(1, month);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Object[]> rows = new ArrayList<>();
                    while (rs.next()) {
                        rows.add(new Object[] {rs.getString(1), rs.getLong(2), rs.getDouble(3)});
                        total += rs.getDouble(3);
                    }
                    for (int i = 0; i < Math.min(limit, rows.size()); i++) {
                        Object[] r = rows.get(i);
                        double d = (double) r[2];
                        contributions.add(new HighScoresView.Contribution((String) r[0], (long) r[1], d, total > 0 ? d / total : 0));
                    }
                }
            }
            Map<String, Long> models = new TreeMap<>();
            // Online as DeviceState.online says, each device under the firmware its latest connection named.
            try (PreparedStatement ps = c.prepareStatement("SELECT p.device_id, MAX(p.user_agent) FROM device_presence p "
                    + "LEFT JOIN device_stats s ON s.device_id = p.device_id GROUP BY p.device_id "
                    + "HAVING SUM(p.connections) > 0 AND GREATEST(MAX(p.last_connected_at), COALESCE(MAX(s.last_share_at), 0)) > ?")) {
                ps.setLong(1, nowMillis - DeviceState.ONLINE_WITHIN_MILLIS);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        models.merge(model(rs.getString(2)), 1L, Long::sum);
                    }
                }
            }
            List<HighScoresView.ModelCount> byModel = new ArrayList<>();
            models.forEach((m, n) -> byModel.add(new HighScoresView.ModelCount(m, n)));
            byModel.sort((a, b) -> Long.compare(b.devices(), a.devices()));
            return new HighScoresView(month, monthBest, allTime, contributions, byModel);
        }
    }

    /**
     * The model in a subscribe's user agent: its first two parts ({@code bitaxe/BM1370} of
     * {@code bitaxe/BM1370/v2.4.0}), "unknown" when it named none.
     */
    static String model(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "unknown";
        }
        String[] parts = userAgent.trim().split("/");
        return parts.length >= 2 ? parts[0] + "/" + parts[1] : parts[0];
    }

    public MonthView month(long nowMillis) throws SQLException {
        String month = Periods.month(nowMillis);
        long project = 0;
        long raffle = 0;
        double difficulty;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT fund, SUM(msat) FROM fund_months WHERE at_month = ? GROUP BY fund")) {
                ps.setString(1, month);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(1).equals(Split.Fund.PROJECT_FUND.key())) {
                            project = rs.getLong(2);
                        } else if (rs.getString(1).equals(Split.Fund.RAFFLE_POT.key())) {
                            raffle = rs.getLong(2);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(difficulty_sum), 0) FROM device_months WHERE at_month = ?")) {
                ps.setString(1, month);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    difficulty = rs.getDouble(1);
                }
            }
        }
        return new MonthView(month, project, raffle, difficulty);
    }

    /** What an account was credited on each of the last {@code days} UTC days, oldest first, zero days included. */
    public List<DayCreditView> accountDays(String account, long nowMillis, int days) throws SQLException {
        long today = Periods.day(nowMillis);
        Map<Long, Long> credited = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT at_day, msat FROM member_days WHERE account = ? AND at_day > ?")) {
            ps.setString(1, account);
            ps.setLong(2, today - days);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    credited.put(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        List<DayCreditView> out = new ArrayList<>(days);
        for (long d = today - days + 1; d <= today; d++) {
            out.add(new DayCreditView(LocalDate.ofEpochDay(d), credited.getOrDefault(d, 0L)));
        }
        return out;
    }
}
