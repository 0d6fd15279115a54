package club.micromining.stratum.bitcoin;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Conversions between difficulty, 256-bit targets and the compact {@code nBits} form. Difficulty 1 is
 * Bitcoin's "bdiff" target 0xffff * 2^208, the unit Stratum's {@code mining.set_difficulty} speaks.
 */
public final class Difficulty {
    public static final BigInteger DIFF1_TARGET = BigInteger.valueOf(0xffffL).shiftLeft(208);
    private static final BigDecimal DIFF1 = new BigDecimal(DIFF1_TARGET);
    private static final double DIFF1_DOUBLE = DIFF1_TARGET.doubleValue();

    private Difficulty() {
    }

    /** The share target for a difficulty; tiny difficulties give targets every hash meets. */
    public static Target target(double difficulty) {
        if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty must be a positive finite number, was " + difficulty);
        }
        BigDecimal t = DIFF1.divide(new BigDecimal(difficulty), 0, RoundingMode.FLOOR);
        return Target.of(t.toBigInteger());
    }

    /** The difficulty a target stands for, as a double (for statistics and display, never for money). */
    public static double of(BigInteger target) {
        if (target.signum() <= 0) {
            throw new IllegalArgumentException("target must be positive");
        }
        return DIFF1_DOUBLE / target.doubleValue();
    }

    /** The difficulty a hash achieves: diff1 target / hash, the "share difficulty" pools report. */
    public static double ofHash(byte[] hashLe) {
        double h = 0;
        for (int i = 31; i >= 0; i--) {
            h = h * 256 + (hashLe[i] & 0xff);
        }
        return h == 0 ? Double.MAX_VALUE : DIFF1_DOUBLE / h;
    }

    /** Expands Bitcoin's compact target encoding. */
    public static BigInteger targetFromBits(int bits) {
        int exponent = (bits >>> 24) & 0xff;
        long mantissa = bits & 0x007fffffL;
        if ((bits & 0x00800000) != 0) {
            throw new IllegalArgumentException(String.format("negative compact target %08x", bits));
        }
        BigInteger m = BigInteger.valueOf(mantissa);
        return exponent <= 3 ? m.shiftRight(8 * (3 - exponent)) : m.shiftLeft(8 * (exponent - 3));
    }

    /** Encodes a target in compact form, rounding down as Bitcoin Core's {@code GetCompact} does. */
    public static int bitsFromTarget(BigInteger target) {
        if (target.signum() <= 0) {
            throw new IllegalArgumentException("target must be positive");
        }
        int size = (target.bitLength() + 7) / 8;
        long mantissa = size <= 3
                ? target.longValue() << (8 * (3 - size))
                : target.shiftRight(8 * (size - 3)).longValue();
        if ((mantissa & 0x00800000L) != 0) {
            mantissa >>= 8;
            size++;
        }
        if (size > 0xff) {
            throw new IllegalArgumentException("target too large for compact form");
        }
        return (size << 24) | (int) mantissa;
    }

    public static double fromBits(int bits) {
        return of(targetFromBits(bits));
    }

    /** Expected hashes to find one share at this difficulty: 2^256 / target, about difficulty * 2^32. */
    public static double expectedHashes(double difficulty) {
        return difficulty * (0x1p256 / DIFF1_DOUBLE);
    }
}
