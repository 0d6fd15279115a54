package club.micromining.persistence.readmodel;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.stats.PoolStatsEntity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps {@code pool_rejections} and {@code blocks} from the nodes' pool-stats events, exactly once (and the
 * project fund's donations that journals of before the donation entity hold there).
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

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<PoolStatsEntity.Event>> envelopes) throws Exception {
        Map<List<String>, Long> rejected = new LinkedHashMap<>();
        List<PoolStatsEntity.BlockSubmitted> blocks = new ArrayList<>();
        long donations = 0;
        for (EventEnvelope<PoolStatsEntity.Event> env : envelopes) {
            String node = env.persistenceId().substring(env.persistenceId().indexOf('|') + 1);
            if (env.event() instanceof PoolStatsEntity.SharesRejected e) {
                e.byReason().forEach((reason, n) -> rejected.merge(List.of(node, reason), n, Long::sum));
            } else if (env.event() instanceof PoolStatsEntity.BlockSubmitted b) {
                blocks.add(b);
            } else if (env.event() instanceof PoolStatsEntity.DonationReceived d) {
                donations += d.amountMsat();
            }
        }
        long donated = donations;
        List<Rejections> rows = new ArrayList<>();
        rejected.forEach((k, n) -> rows.add(new Rejections(k.get(0), k.get(1), n)));
        session.withConnection(c -> {
            REJECTIONS.run(c, rows);
            for (PoolStatsEntity.BlockSubmitted b : blocks) {
                BLOCKS.run(c, List.of(b));
            }
            PoolFunds.add(c, java.util.Map.of(Split.Fund.PROJECT_FUND, donated));
            return null;
        });
    }
}
