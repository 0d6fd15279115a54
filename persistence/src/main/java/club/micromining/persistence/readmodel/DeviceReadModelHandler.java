package club.micromining.persistence.readmodel;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.stratum.session.WorkerName;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps {@code device_stats}, {@code device_minutes} and the {@code pool_funds} totals from device events. A batch of events is folded
 * into one change per device and per device-minute first, then written in batched statements, in the
 * same transaction as the projection's offset (exactly once).
 */
public final class DeviceReadModelHandler extends JdbcHandler<List<EventEnvelope<DeviceEntity.Event>>, PooledJdbcSession> {
    private static final long MINUTE_MILLIS = 60_000;
    /** Per-minute work older than this is deleted; the API looks back an hour. */
    private static final long KEEP_MINUTES = 180;

    private static final Upsert<DeviceDelta> DEVICES = new Upsert<>(
            "UPDATE device_stats SET shares = shares + ?, difficulty_sum = difficulty_sum + ?, accrued_msat = accrued_msat + ?, "
                    + "best_difficulty = GREATEST(best_difficulty, ?), last_share_at = GREATEST(last_share_at, ?), "
                    + "connections = GREATEST(connections + ?, 0), last_connected_at = GREATEST(last_connected_at, ?) "
                    + "WHERE device_id = ?",
            (ps, d) -> {
                ps.setLong(1, d.shares);
                ps.setDouble(2, d.difficulty);
                ps.setLong(3, d.accruedMsat);
                ps.setDouble(4, d.best);
                ps.setLong(5, d.lastShareAt);
                ps.setInt(6, d.connections);
                ps.setLong(7, d.lastConnectedAt);
                ps.setString(8, d.deviceId);
            },
            "INSERT INTO device_stats (device_id, account, worker, shares, difficulty_sum, accrued_msat, best_difficulty, "
                    + "last_share_at, connections, last_connected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ps, d) -> {
                ps.setString(1, d.deviceId);
                ps.setString(2, d.account);
                ps.setString(3, d.worker);
                ps.setLong(4, d.shares);
                ps.setDouble(5, d.difficulty);
                ps.setLong(6, d.accruedMsat);
                ps.setDouble(7, d.best);
                ps.setLong(8, d.lastShareAt);
                ps.setInt(9, Math.max(0, d.connections));
                ps.setLong(10, d.lastConnectedAt);
            });

    private static final Upsert<MinuteDelta> MINUTES = new Upsert<>(
            "UPDATE device_minutes SET difficulty = difficulty + ? WHERE device_id = ? AND at_minute = ?",
            (ps, m) -> {
                ps.setDouble(1, m.difficulty);
                ps.setString(2, m.deviceId);
                ps.setLong(3, m.minute);
            },
            "INSERT INTO device_minutes (device_id, account, at_minute, difficulty) VALUES (?, ?, ?, ?)",
            (ps, m) -> {
                ps.setString(1, m.deviceId);
                ps.setString(2, m.account);
                ps.setLong(3, m.minute);
                ps.setDouble(4, m.difficulty);
            });

    private final Map<String, Long> prunedAtMinute = new java.util.HashMap<>();

    private static final class DeviceDelta {
        final String deviceId;
        final String account;
        final String worker;
        long shares;
        double difficulty;
        long accruedMsat;
        double best;
        long lastShareAt;
        int connections;
        long lastConnectedAt;

        DeviceDelta(WorkerName device) {
            this.deviceId = device.deviceId();
            this.account = device.account();
            this.worker = device.worker();
        }
    }

    private record MinuteDelta(String deviceId, String account, long minute, double difficulty) {
    }

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<DeviceEntity.Event>> envelopes) throws Exception {
        Map<String, DeviceDelta> devices = new LinkedHashMap<>();
        Map<Split.Fund, Long> funds = new EnumMap<>(Split.Fund.class);
        Map<String, Map<Long, Double>> minutes = new LinkedHashMap<>();
        for (EventEnvelope<DeviceEntity.Event> env : envelopes) {
            WorkerName device = DeviceEntity.deviceOf(env.persistenceId());
            String deviceId = device.deviceId();
            DeviceDelta d = devices.computeIfAbsent(deviceId, id -> new DeviceDelta(device));
            DeviceEntity.Event event = env.event();
            if (event instanceof DeviceEntity.ShareAccepted e) {
                d.shares++;
                d.difficulty += e.share().difficulty();
                d.accruedMsat += e.share().accrualMsat();
                for (Split.Fund f : Split.Fund.values()) {
                    funds.merge(f, e.share().parts().of(f), Long::sum);
                }
                d.lastShareAt = Math.max(d.lastShareAt, e.share().acceptedAtMillis());
                minutes.computeIfAbsent(deviceId, k -> new LinkedHashMap<>())
                        .merge(e.share().acceptedAtMillis() / MINUTE_MILLIS, e.share().difficulty(), Double::sum);
            } else if (event instanceof DeviceEntity.BestShareImproved e) {
                d.best = Math.max(d.best, e.difficulty());
            } else if (event instanceof DeviceEntity.DeviceConnected e) {
                d.connections++;
                d.lastConnectedAt = Math.max(d.lastConnectedAt, e.atMillis());
            } else if (event instanceof DeviceEntity.DeviceDisconnected) {
                d.connections--;
            }
        }
        List<MinuteDelta> minuteRows = new ArrayList<>();
        minutes.forEach((device, byMinute) -> byMinute.forEach((minute, diff) ->
                minuteRows.add(new MinuteDelta(device, devices.get(device).account, minute, diff))));
        session.withConnection(c -> {
            DEVICES.run(c, new ArrayList<>(devices.values()));
            PoolFunds.add(c, funds);
            MINUTES.run(c, minuteRows);
            prune(c, minuteRows);
            return null;
        });
    }

    /** Deletes a device's per-minute rows older than {@link #KEEP_MINUTES}, at most once an hour per device. */
    private void prune(java.sql.Connection c, List<MinuteDelta> rows) throws java.sql.SQLException {
        for (MinuteDelta m : rows) {
            Long last = prunedAtMinute.get(m.deviceId());
            if (last != null && m.minute() - last < 60) {
                continue;
            }
            try (var ps = c.prepareStatement("DELETE FROM device_minutes WHERE device_id = ? AND at_minute < ?")) {
                ps.setString(1, m.deviceId());
                ps.setLong(2, m.minute() - KEEP_MINUTES);
                ps.executeUpdate();
            }
            prunedAtMinute.put(m.deviceId(), m.minute());
        }
    }
}
