package club.micromining.pool.accounting.scheme;

import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.FoundBlock;
import club.micromining.pool.accounting.PplnsWindow;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.Work;
import club.micromining.pool.accounting.WorkWindow;
import club.micromining.stratum.share.AcceptedShare;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * Pay per last N shares: shares earn nothing when accepted; a found block's value is divided over the
 * newest shares up to {@code window} difficulty, in proportion to each account's work there.
 *
 * <p>Work is weighed exactly: a share's difficulty is the double the pool credited it at, taken as the
 * exact binary fraction it is, and each account gets its work's share of the value rounded down to the
 * millisatoshi. What rounding leaves over goes to the reserve, so the accounts' accruals plus that
 * remainder are the block's value exactly, and a division in the journal can be recomputed and checked.
 */
public record Pplns(PplnsWindow window) implements PaymentScheme {
    /**
     * Work kept for the window, in windows at today's difficulty: a block found after a retarget, or still
     * waiting for its division, must find its work there.
     */
    private static final BigDecimal WINDOWS_KEPT = BigDecimal.valueOf(2);

    @Override
    public String name() {
        return "PPLNS";
    }

    @Override
    public String describe() {
        return "PPLNS over " + window;
    }

    @Override
    public long shareAccrualMsat(AcceptedShare share) {
        return 0;
    }

    @Override
    public boolean dividesFoundBlocks() {
        return true;
    }

    @Override
    public CompletionStage<Optional<BlockReward.Division>> divide(FoundBlock block, WorkWindow work, Split split) {
        BigDecimal difficulty = window.difficulty(block.networkDifficulty());
        String described = window + " = " + difficulty.stripTrailingZeros().toPlainString();
        return work.upToBlock(block, difficulty).thenApply(found -> found.map(newestFirst ->
                new BlockReward.Division(divide(block.valueMsat(), newestFirst, difficulty, split), described)));
    }

    /**
     * {@code valueMsat} divided over the newest shares up to {@code window} difficulty. The oldest share in
     * the window counts only with the part of its difficulty that fits. A young pool with less work than
     * the window divides the value over the work there is.
     *
     * @param newestFirst the pool's accepted shares, the block's own share first, older ones after it
     */
    public static BlockReward.Distribution divide(long valueMsat, List<Work> newestFirst, BigDecimal window, Split split) {
        if (valueMsat < 0 || window.signum() <= 0) {
            throw new IllegalArgumentException("the value must not be negative and the window must be positive");
        }
        Map<String, BigDecimal> byAccount = new TreeMap<>();
        BigDecimal counted = BigDecimal.ZERO;
        for (Work w : newestFirst) {
            if (counted.compareTo(window) >= 0) {
                break;
            }
            if (!(w.difficulty() > 0) || Double.isInfinite(w.difficulty())) {
                continue;
            }
            BigDecimal d = new BigDecimal(w.difficulty()).min(window.subtract(counted));
            byAccount.merge(w.account(), d, BigDecimal::add);
            counted = counted.add(d);
        }
        if (counted.signum() == 0) {
            return new BlockReward.Distribution(List.of(), valueMsat, BigDecimal.ZERO);
        }
        BigDecimal value = new BigDecimal(BigInteger.valueOf(valueMsat));
        List<BlockReward.Credit> credits = new ArrayList<>(byAccount.size());
        long given = 0;
        for (Map.Entry<String, BigDecimal> e : byAccount.entrySet()) {
            long msat = value.multiply(e.getValue()).divide(counted, 0, RoundingMode.FLOOR).longValueExact();
            if (msat > 0) {
                credits.add(new BlockReward.Credit(e.getKey(), msat, split.apply(msat)));
                given += msat;
            }
        }
        return new BlockReward.Distribution(credits, valueMsat - given, counted);
    }

    @Override
    public boolean needsWorkWindow() {
        return true;
    }

    @Override
    public Optional<BigDecimal> workToKeep(double networkDifficulty) {
        return Optional.of(window.difficulty(networkDifficulty).multiply(WINDOWS_KEPT));
    }
}
