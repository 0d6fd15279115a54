package club.micromining.pool.view;

import java.time.Instant;
import java.util.List;

/**
 * Hash rate over time, in ten-minute periods, oldest first; a period without work is there with zero.
 *
 * @param points one per period of the span asked for
 */
public record HistoryView(List<Point> points) {
    public static final HistoryView EMPTY = new HistoryView(List.of());

    public HistoryView {
        points = List.copyOf(points);
    }

    /** @param hashesPerSecond credited difficulty times 2^32 over the period's seconds */
    public record Point(Instant at, double hashesPerSecond) {
    }

    public double peak() {
        return points.stream().mapToDouble(Point::hashesPerSecond).max().orElse(0);
    }
}
