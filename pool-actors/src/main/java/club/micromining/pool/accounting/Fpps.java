package club.micromining.pool.accounting;

import java.math.BigInteger;

/**
 * Full pay per share: a share of difficulty d, on a network of difficulty D, is worth d / D of what the
 * block would pay (subsidy plus fees). Computed on the two targets, which are integers, so no floating
 * point touches money: value * networkTarget / shareTarget, rounded down to the millisatoshi.
 */
public final class Fpps {
    private static final BigInteger MSAT_PER_SAT = BigInteger.valueOf(1000);

    private Fpps() {
    }

    /**
     * @param blockValueSats subsidy plus fees the block's coinbase may claim
     * @param networkTarget  the block's target
     * @param shareTarget    the target the share was credited at
     * @return the share's accrual in millisatoshi
     */
    public static long accrualMsat(long blockValueSats, BigInteger networkTarget, BigInteger shareTarget) {
        if (blockValueSats < 0 || networkTarget.signum() <= 0 || shareTarget.signum() <= 0) {
            throw new IllegalArgumentException("block value must not be negative and targets must be positive");
        }
        BigInteger value = BigInteger.valueOf(blockValueSats).multiply(MSAT_PER_SAT);
        if (shareTarget.compareTo(networkTarget) <= 0) {
            // A share at least as hard as the block is worth the block, not more.
            return value.longValueExact();
        }
        return value.multiply(networkTarget).divide(shareTarget).longValueExact();
    }
}
