package club.micromining.persistence.readmodel;

import java.util.Map;

/**
 * The pool as the read side sees it.
 *
 * @param devicesOnline      devices with a connection heard from within ten minutes
 * @param hashrate           hash rate windows
 * @param sharesAccepted     all-time accepted shares
 * @param difficultyAccepted their credited difficulty
 * @param sharesRejected     all-time rejected shares
 * @param rejectedByReason   rejected shares by reason
 * @param blocksFound        blocks the chain accepted
 * @param fundsMsat          what the accrual split set aside besides members' parts, by fund, in msat
 */
public record PoolSummary(
        long devicesOnline,
        Hashrate hashrate,
        long sharesAccepted,
        double difficultyAccepted,
        long sharesRejected,
        Map<String, Long> rejectedByReason,
        long blocksFound,
        Map<String, Long> fundsMsat) {
}
