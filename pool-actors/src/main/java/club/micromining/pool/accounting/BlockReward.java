package club.micromining.pool.accounting;

import club.micromining.pool.CborSerializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who gets a found block's value under PPLNS and SOLO. Pure functions: the same inputs always give the
 * same millisatoshi, so a distribution recorded in the journal can be recomputed and checked.
 *
 * <p>Work is weighed exactly: a share's difficulty is the double the pool credited it at, taken as the
 * exact binary fraction it is, and each account gets its work's share of the value rounded down to the
 * millisatoshi. What rounding leaves over is not given to anyone; it goes to the reserve, so the
 * accounts' accruals plus that remainder are the block's value exactly.
 */
public final class BlockReward {

    private BlockReward() {
    }

    /** What one account is credited from a block: its accrual and how the split divided it. */
    public record Credit(String account, long accrualMsat, Split.Parts parts) implements CborSerializable {
    }

    /**
     * A block's value divided.
     *
     * @param credits          per account, sorted by account
     * @param undistributedMsat rounding remainder (and the whole value when there was no work), to the reserve
     * @param countedDifficulty work the division was made over
     */
    public record Distribution(List<Credit> credits, long undistributedMsat, BigDecimal countedDifficulty) {

        public Distribution {
            credits = List.copyOf(credits);
        }

        /** Everything the distribution hands out, remainder included: always the block's value. */
        public long totalMsat() {
            long sum = undistributedMsat;
            for (Credit c : credits) {
                sum = Math.addExact(sum, c.accrualMsat());
            }
            return sum;
        }
    }

    /**
     * PPLNS: {@code valueMsat} divided over the newest shares up to {@code window} difficulty, in
     * proportion to each account's work in that window. The oldest share in the window counts only with
     * the part of its difficulty that fits. A young pool with less work than the window divides the value
     * over the work there is.
     *
     * @param newestFirst the pool's accepted shares, the block's own share first, older ones after it
     */
    public static Distribution pplns(long valueMsat, List<Work> newestFirst, BigDecimal window, Split split) {
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
            return new Distribution(List.of(), valueMsat, BigDecimal.ZERO);
        }
        BigDecimal value = new BigDecimal(BigInteger.valueOf(valueMsat));
        List<Credit> credits = new ArrayList<>(byAccount.size());
        long given = 0;
        for (Map.Entry<String, BigDecimal> e : byAccount.entrySet()) {
            long msat = value.multiply(e.getValue()).divide(counted, 0, RoundingMode.FLOOR).longValueExact();
            if (msat > 0) {
                credits.add(new Credit(e.getKey(), msat, split.apply(msat)));
                given += msat;
            }
        }
        return new Distribution(credits, valueMsat - given, counted);
    }

    /** SOLO: the finder's account takes the whole value (and the split divides it as any accrual). */
    public static Distribution solo(long valueMsat, String finderAccount, Split split) {
        if (valueMsat < 0) {
            throw new IllegalArgumentException("the value must not be negative");
        }
        if (valueMsat == 0) {
            return new Distribution(List.of(), 0, BigDecimal.ZERO);
        }
        return new Distribution(List.of(new Credit(finderAccount, valueMsat, split.apply(valueMsat))), 0, BigDecimal.ZERO);
    }
}
