package club.micromining.pool.accounting;

import club.micromining.pool.CborSerializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * Who gets a found block's value: what a payment scheme that divides blocks (PPLNS, SOLO) hands out,
 * recorded once in the journal and never recomputed.
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
     * A distribution and the work window it was made over, as the division records it
     * ({@code "2x = 5000"}, or {@code "finder"} under SOLO).
     */
    public record Division(Distribution distribution, String window) {
    }
}
