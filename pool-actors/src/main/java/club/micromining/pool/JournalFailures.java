package club.micromining.pool;

import java.time.Duration;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.SupervisorStrategy;

/** How every entity meets a journal that fails: it stops, and starts again (replaying) after a growing pause. */
public final class JournalFailures {
    /** From 200 ms to 5 s, with some randomness so that many entities do not all come back at once. */
    public static final BackoffSupervisorStrategy RESTART =
            SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1);

    private JournalFailures() {
    }
}
