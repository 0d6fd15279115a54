package club.micromining.stratum.vardiff;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The share difficulties a connection may be given. Fractions are allowed only where the settings say
 * so (regtest): firmware on real networks truncates fractional difficulties.
 *
 * @param min        lowest difficulty
 * @param max        highest difficulty
 * @param start      difficulty of a new connection
 * @param fractional whether difficulties below 1 or with fractions may be sent
 */
public record DifficultyBounds(double min, double max, double start, boolean fractional) {
    /** Fractional difficulty can go down to this and no lower. */
    public static final double FLOOR = 1e-10;
    private static final MathContext THREE_DIGITS = new MathContext(3);

    public DifficultyBounds {
        if (!(min >= FLOOR) || !(max >= min) || !(start >= min) || !(start <= max) || Double.isInfinite(max)) {
            throw new IllegalArgumentException("difficulty bounds must satisfy " + FLOOR + " <= min <= start <= max");
        }
        if (!fractional && (min < 1 || !whole(min) || !whole(start) || !whole(max))) {
            throw new IllegalArgumentException("fractional difficulty (or below 1) is allowed on regtest only");
        }
    }

    private static boolean whole(double d) {
        return d == Math.rint(d);
    }

    /**
     * The nearest allowed difficulty: within the bounds, a whole number from 1 up (rounded down, so a
     * device is never asked for more than vardiff wanted), three significant digits below 1 (so vardiff
     * does not send a new odd number for every small change). Off regtest the bounds are whole numbers,
     * so the result always is.
     */
    public double clamp(double d) {
        double v = Math.max(min, Math.min(max, d));
        if (v >= 1 || !fractional) {
            return Math.max(Math.floor(v), Math.ceil(min));
        }
        double rounded = new BigDecimal(v).round(THREE_DIGITS).doubleValue();
        return Math.max(min, Math.min(max, rounded));
    }
}
