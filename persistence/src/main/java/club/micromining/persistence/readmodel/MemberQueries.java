package club.micromining.persistence.readmodel;

import club.micromining.pool.alerts.Alerts;
import club.micromining.pool.facade.ReadSide;
import club.micromining.pool.view.AlertSettingsView;
import club.micromining.pool.view.AlertView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** What the member pages and the alert watcher read: alert settings and alerts, watcher links. */
public final class MemberQueries {
    private final DataSource dataSource;

    public MemberQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every account with an alert on, with its devices' last share and best share. */
    public List<ReadSide.AlertSubject> alertSubjects() throws SQLException {
        Map<String, List<Alerts.DeviceStatus>> byAccount = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT m.account, d.worker, d.last_share_at, d.best_difficulty "
                     + "FROM member_accounts m JOIN device_stats d ON d.account = m.account "
                     + "WHERE m.alert_silent_minutes > 0 OR m.alert_best_share ORDER BY m.account");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byAccount.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new Alerts.DeviceStatus(rs.getString(2), rs.getLong(3), rs.getDouble(4)));
            }
        }
        List<ReadSide.AlertSubject> out = new ArrayList<>();
        byAccount.forEach((account, devices) -> out.add(new ReadSide.AlertSubject(account, devices)));
        return out;
    }

    public AlertSettingsView alertSettings(String account) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT alert_silent_minutes, alert_best_share, alert_webhook FROM member_accounts WHERE account = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new AlertSettingsView(rs.getInt(1), rs.getBoolean(2), rs.getString(3)) : AlertSettingsView.OFF;
            }
        }
    }

    /** An account's latest alerts, newest first. */
    public List<AlertView> alerts(String account, int limit) throws SQLException {
        List<AlertView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT kind, worker, alert_value, raised_at FROM member_alerts "
                     + "WHERE account = ? ORDER BY raised_at DESC, seq DESC")) {
            ps.setString(1, account);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertView(rs.getString(1), rs.getString(2), rs.getDouble(3), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
        }
        return out;
    }

    public Optional<String> watchedAccount(String tokenHash) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account FROM member_accounts WHERE watcher_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
