package club.micromining.stratum.session;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs a warning per event, but at most {@code perWindow} lines per window; the rest are counted and
 * reported in one line, so a flood (of bad connections, of failing writes) cannot flood the log.
 */
public final class ThrottledLog {
    private static final long WINDOW_NANOS = 10_000_000_000L;

    private final Logger log;
    private final int perWindow;
    private final AtomicLong windowStart = new AtomicLong(System.nanoTime());
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();

    public ThrottledLog(Logger log, int perWindow) {
        this.log = log;
        this.perWindow = perWindow;
    }

    public void warn(String format, Object... args) {
        long now = System.nanoTime();
        long start = windowStart.get();
        if (now - start > WINDOW_NANOS && windowStart.compareAndSet(start, now)) {
            inWindow.set(0);
            long dropped = suppressed.getAndSet(0);
            if (dropped > 0) {
                log.warn("{} more warnings like the above were not logged in the last {} s",
                        dropped, (now - start) / 1_000_000_000L);
            }
        }
        if (inWindow.incrementAndGet() <= perWindow) {
            log.warn(format, args);
        } else {
            suppressed.incrementAndGet();
        }
    }
}
