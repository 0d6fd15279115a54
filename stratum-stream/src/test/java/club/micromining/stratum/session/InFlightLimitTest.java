package club.micromining.stratum.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightLimitTest {
    private static final long SLOW = TimeUnit.MILLISECONDS.toNanos(500);

    @Test
    void slowRecordingLowersTheBoundByAQuarterOncePerTargetAndFastRecordingRaisesItBackToTheMaximum() throws Exception {
        InFlightLimit limit = new InFlightLimit(1000, Duration.ofMillis(100));
        assertThat(limit.limit()).isEqualTo(1000);

        for (int i = 0; i < 10; i++) {
            limit.taken();
            limit.released(System.nanoTime() - SLOW);
        }
        assertThat(limit.limit()).as("lowered once for a burst of slow shares").isEqualTo(750);

        Thread.sleep(120);
        limit.taken();
        limit.released(System.nanoTime() - SLOW);
        assertThat(limit.limit()).isEqualTo(563);

        for (int i = 0; i < 30; i++) {
            Thread.sleep(101);
            limit.taken();
            limit.released(System.nanoTime() - SLOW);
        }
        assertThat(limit.limit()).as("never below the floor").isEqualTo(InFlightLimit.FLOOR);

        for (int i = 0; i < 2000; i++) {
            limit.taken();
            limit.released(System.nanoTime());
        }
        assertThat(limit.limit()).as("back to the maximum, not above").isEqualTo(1000);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void aFullBoundHasNoRoomUntilAShareIsReleased() {
        InFlightLimit limit = new InFlightLimit(2, Duration.ofSeconds(1));
        long a = limit.taken();
        limit.taken();
        assertThat(limit.hasRoom()).isFalse();
        boolean[] woken = {false};
        limit.whenRoom(() -> woken[0] = true);
        limit.released(a);
        assertThat(woken[0]).isTrue();
        assertThat(limit.hasRoom()).isTrue();
    }
}
