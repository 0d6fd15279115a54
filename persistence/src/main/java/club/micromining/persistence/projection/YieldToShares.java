package club.micromining.persistence.projection;

import club.micromining.pool.shares.ShareWriteLag;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.apache.pekko.Done;

/**
 * The read side yields to the share path: while the device entities' journal writes are behind by more than
 * {@code after}, a projection hands on no more events, for at most {@code maxHold} at a time, and after a
 * hold that ran out it hands on a group of events before it looks again, so it never stops for good.
 *
 * <p>Why: the projections read every share's event again (three of them for the device events) and write
 * the read side on the same database and cores. On a node short of cores (the first minute of a fresh node,
 * when the JIT compiles and a thousand entities start; a burst above what it can write) they would lengthen
 * the very backlog of shares they are part of, while what they keep (dashboards, credits, the ledger) may be
 * a few seconds late without harm. The PPLNS work window does not yield: a block's division waits for it.
 */
public final class YieldToShares {
    /** Events a projection hands on without looking, after a hold that ran out. */
    static final int GROUP = 500;
    private static final CompletionStage<Done> OPEN = CompletableFuture.completedFuture(Done.getInstance());

    private final ShareWriteLag lag;
    private final long afterNanos;
    private final long maxHoldNanos;
    private final Duration lookEvery;
    private final BiConsumer<Duration, Runnable> later;

    /**
     * @param after   a write lag above this holds the projections back; zero never does
     * @param maxHold the longest a projection is held back at a time
     * @param later   runs a task after a delay (the actor system's scheduler)
     */
    public YieldToShares(ShareWriteLag lag, Duration after, Duration maxHold, BiConsumer<Duration, Runnable> later) {
        this.lag = lag;
        this.afterNanos = after.toNanos();
        this.maxHoldNanos = maxHold.toNanos();
        this.lookEvery = Duration.ofNanos(Math.max(10_000_000L, Math.min(afterNanos / 2, 100_000_000L)));
        this.later = later;
    }

    /** Never holds anything back. */
    public static YieldToShares never() {
        return new YieldToShares(ShareWriteLag.NONE, Duration.ZERO, Duration.ZERO, (d, r) -> r.run());
    }

    public boolean yields() {
        return afterNanos > 0;
    }

    /** A gate for one projection's stream of events: asked before each event, by one stream at a time. */
    public Gate gate() {
        return new Gate();
    }

    public final class Gate {
        private int free;

        private Gate() {
        }

        /** Completes when the next event may go on: at once, unless the share path is behind. */
        public CompletionStage<Done> pass() {
            if (afterNanos == 0) {
                return OPEN;
            }
            if (free > 0) {
                free--;
                return OPEN;
            }
            if (lag.nanos() <= afterNanos) {
                return OPEN;
            }
            CompletableFuture<Done> open = new CompletableFuture<>();
            hold(open, System.nanoTime());
            return open;
        }

        private void hold(CompletableFuture<Done> open, long since) {
            later.accept(lookEvery, () -> {
                if (lag.nanos() <= afterNanos) {
                    open.complete(Done.getInstance());
                } else if (System.nanoTime() - since >= maxHoldNanos) {
                    free = GROUP - 1;
                    open.complete(Done.getInstance());
                } else {
                    hold(open, since);
                }
            });
        }
    }
}
