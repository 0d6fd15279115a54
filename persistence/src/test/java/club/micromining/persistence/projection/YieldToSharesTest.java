package club.micromining.persistence.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class YieldToSharesTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong lag = new AtomicLong();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private YieldToShares yielding(Duration maxHold) {
        return new YieldToShares(lag::get, Duration.ofMillis(100), maxHold,
                (delay, task) -> scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS));
    }

    @Test
    void eventsGoOnAtOnceWhileTheSharePathKeepsUp() {
        YieldToShares.Gate gate = yielding(Duration.ofSeconds(5)).gate();
        lag.set(TimeUnit.MILLISECONDS.toNanos(100));
        for (int i = 0; i < 1000; i++) {
            assertThat(gate.pass().toCompletableFuture()).isDone();
        }
    }

    @Test
    void aProjectionWaitsWhileTheSharePathIsBehindAndGoesOnWhenItCatchesUp() throws Exception {
        YieldToShares.Gate gate = yielding(Duration.ofSeconds(30)).gate();
        lag.set(TimeUnit.SECONDS.toNanos(3));
        CompletableFuture<?> held = gate.pass().toCompletableFuture();
        Thread.sleep(300);
        assertThat(held).as("held while shares wait").isNotDone();
        lag.set(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(held).succeedsWithin(Duration.ofSeconds(2));
        assertThat(gate.pass().toCompletableFuture()).isDone();
    }

    @Test
    void aHoldEndsAfterTheLongestItMayLastAndThenAGroupGoesOnBeforeTheNextOne() throws Exception {
        YieldToShares.Gate gate = yielding(Duration.ofMillis(400)).gate();
        lag.set(TimeUnit.SECONDS.toNanos(3));
        long start = System.nanoTime();
        gate.pass().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
        for (int i = 1; i < YieldToShares.GROUP; i++) {
            assertThat(gate.pass().toCompletableFuture()).as("event %d of the group", i).isDone();
        }
        assertThat(gate.pass().toCompletableFuture()).as("the share path is still behind").isNotDone();
    }

    @Test
    void aZeroThresholdNeverHolds() {
        YieldToShares never = YieldToShares.never();
        lag.set(Long.MAX_VALUE);
        assertThat(never.yields()).isFalse();
        assertThat(new YieldToShares(lag::get, Duration.ZERO, Duration.ofSeconds(5), (d, r) -> { }).gate().pass().toCompletableFuture())
                .isDone();
    }
}
