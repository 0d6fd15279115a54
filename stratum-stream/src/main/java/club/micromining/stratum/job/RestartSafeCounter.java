package club.micromining.stratum.job;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A counter whose values are not drawn again after a restart: it starts at the current Unix time in
 * seconds shifted left by 16 bits, so it never repeats unless the node draws more than 65 536 values per
 * second of uptime on average or the clock goes backwards. Job ids and extranonce1 values come from it,
 * so a share from before a restart can never match a job or connection after it.
 */
public final class RestartSafeCounter {
    private final AtomicLong next;

    public RestartSafeCounter(long start) {
        this.next = new AtomicLong(start);
    }

    public static RestartSafeCounter fromClock() {
        return fromClockAfter(java.util.OptionalLong.empty());
    }

    /** A counter from the clock, or after {@code used} if that is later: values another counter drew are not drawn again. */
    public static RestartSafeCounter fromClockAfter(java.util.OptionalLong used) {
        long clock = (System.currentTimeMillis() / 1000) << 16;
        return new RestartSafeCounter(used.isPresent() ? Math.max(clock, used.getAsLong() + 1) : clock);
    }

    public long next() {
        return next.getAndIncrement();
    }
}
