package club.micromining.stratum.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node-wide bound on share replies waiting for the recorder. When it is reached, connections stop
 * reading until replies complete, so a slow journal slows the miners down instead of queueing without
 * limit. Connections check it before each read, so at most one more share per connection can join
 * those waiting once it is reached; each connection also has its own, strict, limit.
 *
 * <p>The bound adapts to how long recording takes: a share that waited longer than the latency target
 * lowers it by a quarter (at most once per target, down to {@value #FLOOR}), and each share recorded within
 * half the target raises it by one, up to the configured maximum. A count alone cannot know how many
 * shares the recorder gets through in a record timeout: in a cluster it depends on the other nodes' load
 * too, and a bound too high for the moment turns waiting into error 20.
 *
 * <p>A node that stops {@link #close()}s it: no connection reads another share, and {@link #drained()}
 * completes once every share already read has been answered.
 */
public final class InFlightLimit {
    /** The bound never falls below this: enough to keep a journal batch full. */
    static final int FLOOR = 64;
    private final int max;
    private final long targetNanos;
    private volatile int limit;
    private final java.util.concurrent.atomic.AtomicLong lastLoweredAt = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean closed;

    public InFlightLimit(int max, java.time.Duration latencyTarget) {
        if (max < 1) {
            throw new IllegalArgumentException("the in-flight limit must be positive");
        }
        this.max = max;
        this.limit = max;
        this.targetNanos = latencyTarget.toNanos();
    }

    public boolean hasRoom() {
        return !closed && inFlight.get() < limit;
    }

    /** The bound now. */
    public int limit() {
        return limit;
    }

    /** @return when the share was taken, to hand to {@link #released} */
    public long taken() {
        inFlight.incrementAndGet();
        return System.nanoTime();
    }

    public void released(long takenAtNanos) {
        long now = System.nanoTime();
        adapt(now - takenAtNanos, now);
        if (inFlight.decrementAndGet() == 0 && closed) {
            drained.complete(null);
        }
        Runnable next = waiting.poll();
        if (next != null) {
            next.run();
        }
    }

    /**
     * Calls {@code wake} (once) when a place may have become free; it must only hand over (to a stream
     * stage's async callback), and whoever is woken checks {@link #hasRoom()} again.
     */
    public void whenRoom(Runnable wake) {
        waiting.add(wake);
        if (hasRoom() && waiting.remove(wake)) {
            wake.run();
        }
    }

    private void adapt(long waitedNanos, long now) {
        int current = limit;
        if (waitedNanos > targetNanos) {
            long last = lastLoweredAt.get();
            if (now - last >= targetNanos && current > FLOOR && lastLoweredAt.compareAndSet(last, now)) {
                limit = Math.max(Math.min(FLOOR, max), current - current / 4);
            }
        } else if (waitedNanos < targetNanos / 2 && current < max) {
            limit = current + 1;
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** From now on no connection reads another share. */
    public void close() {
        closed = true;
        if (inFlight.get() == 0) {
            drained.complete(null);
        }
    }

    /** Completes once closed and every share taken has been released. */
    public CompletionStage<Void> drained() {
        return drained;
    }
}
