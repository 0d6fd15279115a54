package club.micromining.pool.view;

import java.util.Map;

/**
 * @param accepted           accepted shares, all time
 * @param acceptedDifficulty their credited difficulty
 * @param rejected           rejected shares, all time
 * @param rejectedByReason   rejected shares by reason (the Stratum edge's {@code Rejection} names)
 */
public record SharesView(long accepted, double acceptedDifficulty, long rejected, Map<String, Long> rejectedByReason) {
    public SharesView {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }
}
