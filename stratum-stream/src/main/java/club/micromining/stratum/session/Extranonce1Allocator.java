package club.micromining.stratum.session;

import club.micromining.stratum.job.RestartSafeCounter;

/**
 * Hands out each connection's extranonce1: 8 bytes, the node id in the first two (unique across a
 * cluster) and a restart-safe counter in the other six, so no two connections anywhere ever share one
 * and a coinbase can never be reproduced on another connection.
 */
public final class Extranonce1Allocator {
    public static final int SIZE = 8;
    private static final long COUNTER_MASK = (1L << 48) - 1;

    private final long prefix;
    private final RestartSafeCounter counter;

    public Extranonce1Allocator(int nodeId, RestartSafeCounter counter) {
        if (nodeId < 0 || nodeId > 0xffff) {
            throw new IllegalArgumentException("node id must be 0..65535");
        }
        this.prefix = (long) nodeId << 48;
        this.counter = counter;
    }

    public byte[] next() {
        long v = prefix | (counter.next() & COUNTER_MASK);
        byte[] out = new byte[SIZE];
        for (int i = SIZE - 1; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }
}
