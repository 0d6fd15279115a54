package club.micromining.stratum.vardiff;

import java.util.OptionalDouble;

/**
 * Per-connection variable difficulty: counts accepted shares in a sliding window and, once there is
 * enough evidence, moves the difficulty so the device sends about one share per target interval.
 *
 * <p>Evidence is at least {@value #MIN_SHARES} shares, or {@value #SILENT_INTERVALS} target intervals
 * without a share (then the difficulty is lowered). No change inside a 2x band, at most 4x per step.
 */
public final class VarDiff {
    private static final int RING = 32;
    private static final int MIN_SHARES = 8;
    private static final int SILENT_INTERVALS = 6;
    private static final double BAND = 2.0;
    private static final double MAX_STEP = 4.0;

    private final long targetNanos;
    private final long windowNanos;
    private final DifficultyBounds bounds;
    private final long[] shareTimes = new long[RING];
    private int recorded;
    private long since;

    public VarDiff(long targetNanos, long windowNanos, DifficultyBounds bounds, long nowNanos) {
        if (targetNanos <= 0 || windowNanos < targetNanos) {
            throw new IllegalArgumentException("the vardiff window must be at least one share interval");
        }
        this.targetNanos = targetNanos;
        this.windowNanos = windowNanos;
        this.bounds = bounds;
        this.since = nowNanos;
    }

    /** Records an accepted share; returns a new difficulty if one is due. */
    public OptionalDouble onShare(long nowNanos, double current) {
        shareTimes[recorded++ % RING] = nowNanos;
        return evaluate(nowNanos, current);
    }

    /** Re-evaluates without a share, so a device that finds none gets a lower difficulty. */
    public OptionalDouble onTick(long nowNanos, double current) {
        return evaluate(nowNanos, current);
    }

    /** Starts a fresh window: shares before a difficulty change say nothing about the new one. */
    public void reset(long nowNanos) {
        recorded = 0;
        since = nowNanos;
    }

    private OptionalDouble evaluate(long now, double current) {
        long start = Math.max(since, now - windowNanos);
        int n = 0;
        long oldest = now;
        for (int i = 0; i < Math.min(recorded, RING); i++) {
            long t = shareTimes[i];
            if (t >= start) {
                n++;
                oldest = Math.min(oldest, t);
            }
        }
        if (n == RING) {
            start = oldest;
        }
        long elapsed = now - start;
        if (n < MIN_SHARES && elapsed < SILENT_INTERVALS * targetNanos) {
            return OptionalDouble.empty();
        }
        double ratio = elapsed <= 0 ? MAX_STEP : (double) n * targetNanos / elapsed;
        if (ratio >= 1 / BAND && ratio <= BAND) {
            return OptionalDouble.empty();
        }
        double next = bounds.clamp(current * Math.max(1 / MAX_STEP, Math.min(MAX_STEP, ratio)));
        return next == current ? OptionalDouble.empty() : OptionalDouble.of(next);
    }
}
