package club.micromining.pool.raffle;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * How time splits into rounds: calendar months in UTC (ids {@code 2026-12}), or equal spans since the
 * epoch for tests and demos (ids their sequence numbers). A time belongs to exactly one round.
 */
public record Rounds(Duration length) {

    /** {@code month}, or a duration such as {@code 10m} (POOL_ROUND_LENGTH). */
    public static Rounds parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("month")) {
            return new Rounds(null);
        }
        Duration d = parseDuration(t);
        if (d.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("a round lasts 'month' or at least 10s, not '" + text + "'");
        }
        return new Rounds(d);
    }

    private static Duration parseDuration(String t) {
        try {
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new IllegalArgumentException("unknown unit");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a round lasts 'month' or a duration such as 10m, 2h or 7d, not '" + t + "'");
        }
    }

    public boolean monthly() {
        return length == null;
    }

    public String idOf(long atMillis) {
        if (monthly()) {
            return YearMonth.from(Instant.ofEpochMilli(atMillis).atOffset(ZoneOffset.UTC)).toString();
        }
        return Long.toString(Math.floorDiv(atMillis, length.toMillis()));
    }

    /** The round after this one. */
    public String next(String id) {
        return monthly() ? month(id).plusMonths(1).toString() : Long.toString(Long.parseLong(id) + 1);
    }

    public long startOf(String id) {
        if (monthly()) {
            return month(id).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return Long.parseLong(id) * length.toMillis();
    }

    public long endOf(String id) {
        if (monthly()) {
            return month(id).plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return (Long.parseLong(id) + 1) * length.toMillis();
    }

    private static YearMonth month(String id) {
        try {
            return YearMonth.parse(id);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + id + "' is not a month round such as 2026-12");
        }
    }
}
