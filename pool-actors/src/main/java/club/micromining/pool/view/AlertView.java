package club.micromining.pool.view;

import java.time.Instant;

/**
 * An alert raised for an account.
 *
 * @param kind  {@code DEVICE_SILENT} or {@code NEW_BEST_SHARE}
 * @param value minutes silent, or the new best share's difficulty
 */
public record AlertView(String kind, String worker, double value, Instant at) {
}
