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
 * <p>A node that stops {@link #close()}s it: no connection reads another share, and {@link #drained()}
 * completes once every share already read has been answered.
 */
public final class InFlightLimit {
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile boolean closed;

    public InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the in-flight limit must be positive");
        }
        this.max = max;
    }

    public boolean hasRoom() {
        return !closed && inFlight.get() < max;
    }

    public void taken() {
        inFlight.incrementAndGet();
    }

    public void released() {
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
