package club.micromining.pool.accounting.scheme;

import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.FoundBlock;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.WorkWindow;
import club.micromining.stratum.share.AcceptedShare;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Full pay per share, the default: a share of difficulty d, on a network of difficulty D, is worth d / D
 * of what the block would pay (subsidy plus fees), credited when it is accepted. Computed on the two
 * targets, which are integers, so no floating point touches money: value * networkTarget / shareTarget,
 * rounded down to the millisatoshi. A found block is not divided: its shares were paid already.
 */
public record Fpps() implements PaymentScheme {
    private static final BigInteger MSAT_PER_SAT = BigInteger.valueOf(1000);

    @Override
    public String name() {
        return "FPPS";
    }

    @Override
    public long shareAccrualMsat(AcceptedShare share) {
        return accrualMsat(share.blockValueSats(), share.networkTarget(), share.shareTarget());
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

    @Override
    public boolean dividesFoundBlocks() {
        return false;
    }

    @Override
    public CompletionStage<Optional<BlockReward.Division>> divide(FoundBlock block, WorkWindow work, Split split) {
        throw new IllegalStateException("FPPS pays every share when it is accepted; a found block is not divided");
    }

    @Override
    public boolean needsWorkWindow() {
        return false;
    }

    @Override
    public Optional<BigDecimal> workToKeep(double networkDifficulty) {
        return Optional.empty();
    }
}
