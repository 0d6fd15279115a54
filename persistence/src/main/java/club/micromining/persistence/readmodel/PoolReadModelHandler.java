package club.micromining.persistence.readmodel;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.stats.PoolStatsEntity;
import club.micromining.stratum.session.WorkerName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps {@code pool_rejections}, {@code blocks} and {@code device_presence} from the nodes' pool-stats
 * events, exactly once (and the project fund's donations that journals of before the donation entity hold
 * there).
 */
public final class PoolReadModelHandler extends JdbcHandler<List<EventEnvelope<PoolStatsEntity.Event>>, PooledJdbcSession> {
    private record Rejections(String node, String reason, long shares) {
    }

    private static final Upsert<Rejections> REJECTIONS = new Upsert<>(
            "UPDATE pool_rejections SET shares = shares + ? WHERE node = ? AND reason = ?",
            (ps, r) -> {
                ps.setLong(1, r.shares());
                ps.setString(2, r.node());
                ps.setString(3, r.reason());
            },
            "INSERT INTO pool_rejections (node, reason, shares) VALUES (?, ?, ?)",
            (ps, r) -> {
                ps.setString(1, r.node());
                ps.setString(2, r.reason());
                ps.setLong(3, r.shares());
            });

    /** A block submitted twice keeps the first verdict that accepted it. */
    private static final Upsert<PoolStatsEntity.BlockSubmitted> BLOCKS = new Upsert<>(
            "UPDATE blocks SET accepted = (accepted OR ?), reason = CASE WHEN accepted THEN reason ELSE ? END WHERE hash = ?",
            (ps, b) -> {
                ps.setBoolean(1, b.accepted());
                ps.setString(2, b.reason());
                ps.setString(3, b.hash());
            },
            "INSERT INTO blocks (hash, height, finder, accepted, reason, found_at) VALUES (?, ?, ?, ?, ?, ?)",
            (ps, b) -> {
                ps.setString(1, b.hash());
                ps.setLong(2, b.height());
                ps.setString(3, b.finder());
                ps.setBoolean(4, b.accepted());
                ps.setString(5, b.reason());
                ps.setLong(6, b.atMillis());
            });

    private record Presence(String node, WorkerName device, int delta, long lastConnectedAt, String userAgent) {
    }

    private static final Upsert<Presence> PRESENCE = new Upsert<>(
            "UPDATE device_presence SET connections = GREATEST(connections + ?, 0), "
                    + "last_connected_at = GREATEST(last_connected_at, ?), user_agent = COALESCE(?, user_agent) "
                    + "WHERE node = ? AND device_id = ?",
            (ps, p) -> {
                ps.setInt(1, p.delta());
                ps.setLong(2, p.lastConnectedAt());
                ps.setString(3, p.userAgent());
                ps.setString(4, p.node());
                ps.setString(5, p.device().deviceId());
            },
            "INSERT INTO device_presence (node, device_id, account, worker, connections, last_connected_at, user_agent) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (ps, p) -> {
                ps.setString(1, p.node());
                ps.setString(2, p.device().deviceId());
                ps.setString(3, p.device().account());
                ps.setString(4, p.device().worker());
                ps.setInt(5, Math.max(0, p.delta()));
                ps.setLong(6, p.lastConnectedAt());
                ps.setString(7, p.userAgent());
            });

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<PoolStatsEntity.Event>> envelopes) throws Exception {
        Map<List<String>, Long> rejected = new LinkedHashMap<>();
        PoolFunds funds = new PoolFunds();
        for (EventEnvelope<PoolStatsEntity.Event> env : envelopes) {
            if (env.event() instanceof PoolStatsEntity.SharesRejected e) {
                e.byReason().forEach((reason, n) -> rejected.merge(List.of(node(env), reason), n, Long::sum));
            } else if (env.event() instanceof PoolStatsEntity.DonationReceived d) {
                funds.add(Split.Fund.PROJECT_FUND, d.amountMsat(), d.atMillis());
            }
        }
        List<Rejections> rows = new ArrayList<>();
        rejected.forEach((k, n) -> rows.add(new Rejections(k.get(0), k.get(1), n)));
        session.withConnection(c -> {
            REJECTIONS.run(c, rows);
            // Blocks and presence in journal order: a node's restart comes before the connections it takes next.
            for (EventEnvelope<PoolStatsEntity.Event> env : envelopes) {
                if (env.event() instanceof PoolStatsEntity.BlockSubmitted b) {
                    BLOCKS.run(c, List.of(b));
                } else if (env.event() instanceof PoolStatsEntity.NodeStarted) {
                    try (var ps = c.prepareStatement("UPDATE device_presence SET connections = 0 WHERE node = ?")) {
                        ps.setString(1, node(env));
                        ps.executeUpdate();
                    }
                } else if (env.event() instanceof PoolStatsEntity.PresenceChanged p) {
                    List<Presence> changes = new ArrayList<>(p.changes().size());
                    for (PoolStatsEntity.PresenceChange ch : p.changes()) {
                        changes.add(new Presence(node(env), WorkerName.ofDeviceId(ch.device()), ch.delta(), ch.lastConnectedAt(),
                                clip(ch.userAgent(), 100)));
                    }
                    PRESENCE.run(c, changes);
                }
            }
            funds.write(c, "pool-stats");
            return null;
        });
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static String node(EventEnvelope<?> env) {
        return env.persistenceId().substring(env.persistenceId().indexOf('|') + 1);
    }
}
