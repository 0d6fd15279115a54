package club.micromining.pool.view;

import java.util.Map;

/**
 * This node's counters since it started, for monitoring: its Stratum edge, the chain it mines on and
 * its payouts.
 *
 * @param rejectedByReason    rejected shares by the edge's {@code Rejection} name, every reason present
 * @param blockCandidates     shares that met the network target
 * @param payoutsLiquidityPaused whether payouts wait because outbound liquidity does not cover what is due
 */
public record NodeMetrics(long connections, long authorizedConnections, long sharesAccepted, double acceptedDifficulty,
                          Map<String, Long> rejectedByReason, long blockCandidates, NetworkView network, long payoutsSettled,
                          long payoutsFailed, boolean payoutsLiquidityPaused) {
}
