package club.micromining.ops.api;

import club.micromining.pool.facade.Pool;
import club.micromining.pool.view.NodeMetrics;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /metrics} in the Prometheus text format: this node's Stratum edge (connections, shares,
 * rejections by reason, block candidates), the chain it mines on, and its payouts (settled, failed,
 * paused for want of outbound liquidity). Counters count since the node started.
 */
public final class MetricsRoutes extends AllDirectives {
    private final Pool pool;

    public MetricsRoutes(Pool pool) {
        this.pool = pool;
    }

    public Route routes() {
        return path("metrics", () -> get(() -> complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, render(pool.metrics())))));
    }

    static String render(NodeMetrics m) {
        StringBuilder b = new StringBuilder(2048);
        gauge(b, "micromining_stratum_connections", "Open Stratum connections", m.connections());
        gauge(b, "micromining_stratum_authorized_connections", "Stratum connections with an authorized device",
                m.authorizedConnections());
        counter(b, "micromining_shares_accepted_total", "Accepted shares", m.sharesAccepted());
        counter(b, "micromining_shares_accepted_difficulty_total", "Credited difficulty of the accepted shares",
                m.acceptedDifficulty());
        header(b, "micromining_shares_rejected_total", "Rejected shares by reason", "counter");
        for (Map.Entry<String, Long> r : m.rejectedByReason().entrySet()) {
            b.append("micromining_shares_rejected_total{reason=\"").append(r.getKey()).append("\"} ").append(r.getValue())
                    .append('\n');
        }
        counter(b, "micromining_block_candidates_total", "Shares that met the network target", m.blockCandidates());
        if (m.network().height() != null) {
            gauge(b, "micromining_network_height", "Height of the block being mined", m.network().height());
            gauge(b, "micromining_network_difficulty", "Network difficulty of the block being mined", m.network().difficulty());
        }
        counter(b, "micromining_payouts_settled_total", "Lightning payouts settled", m.payoutsSettled());
        counter(b, "micromining_payouts_failed_total", "Lightning payouts that failed", m.payoutsFailed());
        gauge(b, "micromining_payouts_liquidity_paused",
                "1 while payouts wait because the Lightning node's outbound liquidity does not cover what is due",
                m.payoutsLiquidityPaused() ? 1 : 0);
        return b.toString();
    }

    private static void header(StringBuilder b, String name, String help, String type) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void gauge(StringBuilder b, String name, String help, double value) {
        sample(b, name, help, "gauge", value);
    }

    private static void counter(StringBuilder b, String name, String help, double value) {
        sample(b, name, help, "counter", value);
    }

    private static void sample(StringBuilder b, String name, String help, String type, double value) {
        header(b, name, help, type);
        b.append(name).append(' ').append(format(value)).append('\n');
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
