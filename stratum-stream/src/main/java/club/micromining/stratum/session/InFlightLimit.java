package club.micromining.stratum.session;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A node-wide bound on share replies waiting for the recorder. When it is reached, connections stop
 * reading until replies complete, so a slow journal slows the miners down instead of queueing without
 * limit. Connections check it before each read, so at most one more share per connection can join
 * those waiting once it is reached; each connection also has its own, strict, limit.
 */
public final class InFlightLimit {
    private final int max;
    private final AtomicInteger inFlight = new AtomicInteger();

    public InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the in-flight limit must be positive");
        }
        this.max = max;
    }

    public boolean hasRoom() {
        return inFlight.get() < max;
    }

    public void taken() {
        inFlight.incrementAndGet();
    }

    public void released() {
        inFlight.decrementAndGet();
    }

    public int inFlight() {
        return inFlight.get();
    }
}
