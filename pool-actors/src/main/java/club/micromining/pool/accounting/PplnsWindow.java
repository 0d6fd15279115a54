package club.micromining.pool.accounting;

import java.math.BigDecimal;

/**
 * How much work a PPLNS block reward is divided over: a fixed difficulty, or a multiple of the network
 * difficulty of the block ({@code "2x"}), which keeps the expected reward per share the same when the
 * network retargets.
 *
 * @param amount     the difficulty, or the multiple
 * @param multiple   whether {@code amount} multiplies the network difficulty
 */
public record PplnsWindow(BigDecimal amount, boolean multiple) {

    public PplnsWindow {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a PPLNS window must be positive");
        }
    }

    /** Parses {@code "2x"} (twice the network difficulty) or a plain difficulty such as {@code "5e6"}. */
    public static PplnsWindow parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        boolean multiple = t.endsWith("x");
        BigDecimal amount = new BigDecimal(multiple ? t.substring(0, t.length() - 1).trim() : t);
        return new PplnsWindow(amount, multiple);
    }

    /** The window in difficulty for a block of this network difficulty. */
    public BigDecimal difficulty(double networkDifficulty) {
        return multiple ? amount.multiply(new BigDecimal(networkDifficulty)) : amount;
    }

    @Override
    public String toString() {
        return amount.stripTrailingZeros().toPlainString() + (multiple ? "x" : "");
    }
}
