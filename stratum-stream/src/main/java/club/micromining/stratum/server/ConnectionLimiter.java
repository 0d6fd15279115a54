package club.micromining.stratum.server;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts open connections, in all and per remote address, against their limits. */
final class ConnectionLimiter {
    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes a slot, or returns why not. */
    String tryAcquire(InetAddress address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return "node at its limit of " + maxTotal + " connections";
        }
        String[] refused = new String[1];
        perAddress.compute(address, (a, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() >= maxPerAddress) {
                refused[0] = "more than " + maxPerAddress + " connections from this address";
            } else {
                c.incrementAndGet();
            }
            return c;
        });
        if (refused[0] != null) {
            total.decrementAndGet();
        }
        return refused[0];
    }

    void release(InetAddress address) {
        total.decrementAndGet();
        perAddress.computeIfPresent(address, (a, c) -> c.decrementAndGet() <= 0 ? null : c);
    }

    int open() {
        return total.get();
    }
}
