package club.micromining.persistence.readmodel;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** The time buckets of the history tables: ten-minute periods, UTC days and UTC months. */
public final class Periods {
    public static final long PERIOD_MILLIS = 600_000;
    public static final long DAY_MILLIS = 86_400_000;

    private Periods() {
    }

    public static long period(long atMillis) {
        return Math.floorDiv(atMillis, PERIOD_MILLIS);
    }

    public static long day(long atMillis) {
        return Math.floorDiv(atMillis, DAY_MILLIS);
    }

    /** {@code 2026-12}: the key of {@code device_months} and {@code fund_months}. */
    public static String month(long atMillis) {
        return YearMonth.from(Instant.ofEpochMilli(atMillis).atOffset(ZoneOffset.UTC)).toString();
    }
}
