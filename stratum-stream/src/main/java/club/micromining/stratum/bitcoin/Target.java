package club.micromining.stratum.bitcoin;

import java.math.BigInteger;

/**
 * A 256-bit proof-of-work target, kept as four big-endian 64-bit words so that a hash is compared
 * without allocating a {@link BigInteger} per share.
 */
public final class Target {
    public static final BigInteger MAX_VALUE = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private final BigInteger value;
    private final long[] words = new long[4];

    private Target(BigInteger value) {
        this.value = value;
        byte[] be = toFixed32(value);
        for (int w = 0; w < 4; w++) {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (be[w * 8 + i] & 0xff);
            }
            words[w] = v;
        }
    }

    /** A target; values above 2^256-1 are capped there (every hash then meets it). */
    public static Target of(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("a target cannot be negative");
        }
        return new Target(value.min(MAX_VALUE));
    }

    public BigInteger value() {
        return value;
    }

    /**
     * Whether a hash, as SHA-256d returns it (little-endian: byte 31 is the most significant), is at
     * or below this target.
     */
    public boolean isMetBy(byte[] hashLe) {
        for (int w = 0; w < 4; w++) {
            long h = 0;
            int top = 31 - w * 8;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (hashLe[top - i] & 0xff);
            }
            int c = Long.compareUnsigned(h, words[w]);
            if (c != 0) {
                return c < 0;
            }
        }
        return true;
    }

    private static byte[] toFixed32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && t.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return String.format("%064x", value);
    }
}
