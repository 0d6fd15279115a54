package club.micromining.persistence.readmodel;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.stratum.session.WorkerName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps {@code device_stats}, {@code device_minutes} and {@code pool_minutes}, the ten-minute {@code device_periods} and
 * {@code pool_periods}, {@code device_months} and the funds from device events. A batch is folded into one
 * change per row first, then written in batched statements, in the same transaction as the projection's
 * offset (exactly once). One instance per tag: the pool-wide rows it writes carry its tag as slice.
 */
public final class DeviceReadModelHandler extends JdbcHandler<List<EventEnvelope<DeviceEntity.Event>>, PooledJdbcSession> {
    private static final long MINUTE_MILLIS = 60_000;
    /** Per-minute work older than this is deleted; the API looks back an hour. */
    private static final long KEEP_MINUTES = 180;
    /** Ten-minute work of devices is kept a little over the day the charts show; the pool's a month. */
    private static final long KEEP_DEVICE_PERIODS = 150;
    private static final long KEEP_POOL_PERIODS = 31 * 144;

    private static final Upsert<DeviceDelta> DEVICES = new Upsert<>(
            "UPDATE device_stats SET shares = shares + ?, difficulty_sum = difficulty_sum + ?, accrued_msat = accrued_msat + ?, "
                    + "best_at = CASE WHEN ? > best_difficulty THEN ? ELSE best_at END, "
                    + "best_difficulty = GREATEST(best_difficulty, ?), last_share_at = GREATEST(last_share_at, ?), "
                    + "connections = GREATEST(connections + ?, 0), last_connected_at = GREATEST(last_connected_at, ?) "
                    + "WHERE device_id = ?",
            (ps, d) -> {
                ps.setLong(1, d.shares);
                ps.setDouble(2, d.difficulty);
                ps.setLong(3, d.accruedMsat);
                ps.setDouble(4, d.best);
                ps.setLong(5, d.bestAt);
                ps.setDouble(6, d.best);
                ps.setLong(7, d.lastShareAt);
                ps.setInt(8, d.connections);
                ps.setLong(9, d.lastConnectedAt);
                ps.setString(10, d.deviceId);
            },
            "INSERT INTO device_stats (device_id, account, worker, shares, difficulty_sum, accrued_msat, best_difficulty, "
                    + "best_at, last_share_at, connections, last_connected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ps, d) -> {
                ps.setString(1, d.deviceId);
                ps.setString(2, d.account);
                ps.setString(3, d.worker);
                ps.setLong(4, d.shares);
                ps.setDouble(5, d.difficulty);
                ps.setLong(6, d.accruedMsat);
                ps.setDouble(7, d.best);
                ps.setLong(8, d.bestAt);
                ps.setLong(9, d.lastShareAt);
                ps.setInt(10, Math.max(0, d.connections));
                ps.setLong(11, d.lastConnectedAt);
            });

    private static final Upsert<TimeDelta> MINUTES = new Upsert<>(
            "UPDATE device_minutes SET difficulty = difficulty + ? WHERE device_id = ? AND at_minute = ?",
            (ps, m) -> {
                ps.setDouble(1, m.difficulty);
                ps.setString(2, m.deviceId);
                ps.setLong(3, m.at);
            },
            "INSERT INTO device_minutes (device_id, account, at_minute, difficulty) VALUES (?, ?, ?, ?)",
            (ps, m) -> {
                ps.setString(1, m.deviceId);
                ps.setString(2, m.account);
                ps.setLong(3, m.at);
                ps.setDouble(4, m.difficulty);
            });

    private static final Upsert<TimeDelta> DEVICE_PERIODS = new Upsert<>(
            "UPDATE device_periods SET difficulty = difficulty + ? WHERE device_id = ? AND at_period = ?",
            (ps, m) -> {
                ps.setDouble(1, m.difficulty);
                ps.setString(2, m.deviceId);
                ps.setLong(3, m.at);
            },
            "INSERT INTO device_periods (device_id, account, at_period, difficulty) VALUES (?, ?, ?, ?)",
            (ps, m) -> {
                ps.setString(1, m.deviceId);
                ps.setString(2, m.account);
                ps.setLong(3, m.at);
                ps.setDouble(4, m.difficulty);
            });

    private record PoolPeriod(String slice, long period, double difficulty, long shares) {
    }

    private static final Upsert<PoolPeriod> POOL_PERIODS = new Upsert<>(
            "UPDATE pool_periods SET difficulty = difficulty + ?, shares = shares + ? WHERE slice = ? AND at_period = ?",
            (ps, p) -> {
                ps.setDouble(1, p.difficulty());
                ps.setLong(2, p.shares());
                ps.setString(3, p.slice());
                ps.setLong(4, p.period());
            },
            "INSERT INTO pool_periods (slice, at_period, difficulty, shares) VALUES (?, ?, ?, ?)",
            (ps, p) -> {
                ps.setString(1, p.slice());
                ps.setLong(2, p.period());
                ps.setDouble(3, p.difficulty());
                ps.setLong(4, p.shares());
            });

    private record PoolMinute(String slice, long minute, double difficulty) {
    }

    private static final Upsert<PoolMinute> POOL_MINUTES = new Upsert<>(
            "UPDATE pool_minutes SET difficulty = difficulty + ? WHERE slice = ? AND at_minute = ?",
            (ps, p) -> {
                ps.setDouble(1, p.difficulty());
                ps.setString(2, p.slice());
                ps.setLong(3, p.minute());
            },
            "INSERT INTO pool_minutes (slice, at_minute, difficulty) VALUES (?, ?, ?)",
            (ps, p) -> {
                ps.setString(1, p.slice());
                ps.setLong(2, p.minute());
                ps.setDouble(3, p.difficulty());
            });

    private static final Upsert<MonthDelta> MONTHS = new Upsert<>(
            "UPDATE device_months SET shares = shares + ?, difficulty_sum = difficulty_sum + ?, "
                    + "best_at = CASE WHEN ? > best_difficulty THEN ? ELSE best_at END, "
                    + "best_difficulty = GREATEST(best_difficulty, ?) WHERE at_month = ? AND device_id = ?",
            (ps, m) -> {
                ps.setLong(1, m.shares);
                ps.setDouble(2, m.difficulty);
                ps.setDouble(3, m.best);
                ps.setLong(4, m.bestAt);
                ps.setDouble(5, m.best);
                ps.setString(6, m.month);
                ps.setString(7, m.device.deviceId());
            },
            "INSERT INTO device_months (at_month, device_id, account, worker, shares, difficulty_sum, best_difficulty, best_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ps, m) -> {
                ps.setString(1, m.month);
                ps.setString(2, m.device.deviceId());
                ps.setString(3, m.device.account());
                ps.setString(4, m.device.worker());
                ps.setLong(5, m.shares);
                ps.setDouble(6, m.difficulty);
                ps.setDouble(7, m.best);
                ps.setLong(8, m.bestAt);
            });

    private final String slice;
    private final Map<String, Long> prunedAtMinute = new HashMap<>();
    private long poolPrunedAtPeriod;
    private long poolPrunedAtMinute;

    public DeviceReadModelHandler(String tag) {
        this.slice = tag;
    }

    private static final class DeviceDelta {
        final String deviceId;
        final String account;
        final String worker;
        long shares;
        double difficulty;
        long accruedMsat;
        double best;
        long bestAt;
        long lastShareAt;
        int connections;
        long lastConnectedAt;

        DeviceDelta(WorkerName device) {
            this.deviceId = device.deviceId();
            this.account = device.account();
            this.worker = device.worker();
        }
    }

    private static final class MonthDelta {
        final String month;
        final WorkerName device;
        long shares;
        double difficulty;
        double best;
        long bestAt;

        MonthDelta(String month, WorkerName device) {
            this.month = month;
            this.device = device;
        }
    }

    private record TimeDelta(String deviceId, String account, long at, double difficulty) {
    }

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<DeviceEntity.Event>> envelopes) throws Exception {
        Map<String, DeviceDelta> devices = new LinkedHashMap<>();
        PoolFunds funds = new PoolFunds();
        Map<String, Map<Long, Double>> minutes = new LinkedHashMap<>();
        Map<String, Map<Long, Double>> periods = new LinkedHashMap<>();
        Map<Long, double[]> poolPeriods = new TreeMap<>();
        Map<Long, Double> poolMinutes = new TreeMap<>();
        Map<List<String>, MonthDelta> months = new LinkedHashMap<>();
        for (EventEnvelope<DeviceEntity.Event> env : envelopes) {
            WorkerName device = DeviceEntity.deviceOf(env.persistenceId());
            String deviceId = device.deviceId();
            DeviceDelta d = devices.computeIfAbsent(deviceId, id -> new DeviceDelta(device));
            DeviceEntity.Event event = env.event();
            if (event instanceof DeviceEntity.ShareAccepted e) {
                long at = e.share().acceptedAtMillis();
                double diff = e.share().difficulty();
                d.shares++;
                d.difficulty += diff;
                d.accruedMsat += e.share().accrualMsat();
                funds.add(e.share().parts(), at);
                d.lastShareAt = Math.max(d.lastShareAt, at);
                minutes.computeIfAbsent(deviceId, k -> new LinkedHashMap<>()).merge(at / MINUTE_MILLIS, diff, Double::sum);
                periods.computeIfAbsent(deviceId, k -> new LinkedHashMap<>()).merge(Periods.period(at), diff, Double::sum);
                poolMinutes.merge(at / MINUTE_MILLIS, diff, Double::sum);
                double[] pool = poolPeriods.computeIfAbsent(Periods.period(at), k -> new double[2]);
                pool[0] += diff;
                pool[1]++;
                String month = Periods.month(at);
                MonthDelta m = months.computeIfAbsent(List.of(month, deviceId), k -> new MonthDelta(month, device));
                m.shares++;
                m.difficulty += diff;
                if (e.share().hashDifficulty() > m.best) {
                    m.best = e.share().hashDifficulty();
                    m.bestAt = at;
                }
            } else if (event instanceof DeviceEntity.BestShareImproved e) {
                if (e.difficulty() > d.best) {
                    d.best = e.difficulty();
                    d.bestAt = e.atMillis();
                }
            } else if (event instanceof DeviceEntity.DeviceConnected e) {
                d.connections++;
                d.lastConnectedAt = Math.max(d.lastConnectedAt, e.atMillis());
            } else if (event instanceof DeviceEntity.DeviceDisconnected) {
                d.connections--;
            }
        }
        List<TimeDelta> minuteRows = rows(minutes, devices);
        List<TimeDelta> periodRows = rows(periods, devices);
        List<PoolPeriod> poolRows = new ArrayList<>();
        poolPeriods.forEach((period, v) -> poolRows.add(new PoolPeriod(slice, period, v[0], (long) v[1])));
        List<PoolMinute> poolMinuteRows = new ArrayList<>();
        poolMinutes.forEach((minute, diff) -> poolMinuteRows.add(new PoolMinute(slice, minute, diff)));
        session.withConnection(c -> {
            DEVICES.run(c, new ArrayList<>(devices.values()));
            funds.write(c, slice);
            MINUTES.run(c, minuteRows);
            DEVICE_PERIODS.run(c, periodRows);
            POOL_PERIODS.run(c, poolRows);
            POOL_MINUTES.run(c, poolMinuteRows);
            MONTHS.run(c, new ArrayList<>(months.values()));
            prune(c, minuteRows, poolRows, poolMinuteRows);
            return null;
        });
    }

    private static List<TimeDelta> rows(Map<String, Map<Long, Double>> byDevice, Map<String, DeviceDelta> devices) {
        List<TimeDelta> rows = new ArrayList<>();
        byDevice.forEach((device, byTime) -> byTime.forEach((at, diff) ->
                rows.add(new TimeDelta(device, devices.get(device).account, at, diff))));
        return rows;
    }

    /** Deletes a device's old per-minute and ten-minute rows at most once an hour per device, the pool's as often. */
    private void prune(Connection c, List<TimeDelta> minuteRows, List<PoolPeriod> poolRows, List<PoolMinute> poolMinuteRows)
            throws SQLException {
        for (PoolMinute m : poolMinuteRows) {
            if (m.minute() - poolPrunedAtMinute >= 60) {
                delete(c, "DELETE FROM pool_minutes WHERE slice = ? AND at_minute < ?", slice, m.minute() - KEEP_MINUTES);
                poolPrunedAtMinute = m.minute();
            }
        }
        for (TimeDelta m : minuteRows) {
            Long last = prunedAtMinute.get(m.deviceId());
            if (last != null && m.at() - last < 60) {
                continue;
            }
            delete(c, "DELETE FROM device_minutes WHERE device_id = ? AND at_minute < ?", m.deviceId(), m.at() - KEEP_MINUTES);
            long period = m.at() * MINUTE_MILLIS / Periods.PERIOD_MILLIS;
            delete(c, "DELETE FROM device_periods WHERE device_id = ? AND at_period < ?", m.deviceId(), period - KEEP_DEVICE_PERIODS);
            prunedAtMinute.put(m.deviceId(), m.at());
        }
        for (PoolPeriod p : poolRows) {
            if (p.period() - poolPrunedAtPeriod >= 6) {
                delete(c, "DELETE FROM pool_periods WHERE slice = ? AND at_period < ?", slice, p.period() - KEEP_POOL_PERIODS);
                poolPrunedAtPeriod = p.period();
            }
        }
    }

    private static void delete(Connection c, String sql, String key, long before) throws SQLException {
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            ps.setLong(2, before);
            ps.executeUpdate();
        }
    }
}
