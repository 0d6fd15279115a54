package club.micromining.stratum.server;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Keeps what one class logs while a test runs, so a test can check that a limit the pool enforced was
 * also written down for the operator.
 */
final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Class<?> source) {
        logger = (Logger) LoggerFactory.getLogger(source);
        appender.start();
        logger.addAppender(appender);
    }

    static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    List<String> messages() {
        synchronized (appender) {
            List<String> out = new ArrayList<>(appender.list.size());
            for (ILoggingEvent e : appender.list) {
                out.add(e.getLevel() + " " + e.getFormattedMessage());
            }
            return out;
        }
    }

    /**
     * Waits a little for a line matching {@code regex} (level, space, message): the line is written on
     * the connection's event loop, which may run just after the client saw the close.
     */
    void await(String regex) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            for (String m : messages()) {
                if (p.matcher(m).matches()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line matching " + regex + " in " + messages());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
