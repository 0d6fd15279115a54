package club.micromining.stratum.session;

import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/** What a session can do to its connection. Replies go out in the order they are given. */
public interface SessionIo {
    void send(byte[] message);

    /**
     * Holds the outgoing order at this point until {@code pending} completes, then sends what
     * {@code reply} makes of the outcome. {@code reply} runs on the connection's own thread, so it may
     * touch the session's state.
     */
    <T> void sendWhenDone(CompletionStage<T> pending, BiFunction<T, Throwable, byte[]> reply);

    /** Sends what is queued, then closes the connection. */
    void close(String reason);

    /**
     * How long, in all, this connection has waited for its miner: time in which it was ready to read and had
     * nothing of the miner's left to handle. The handshake and idle allowances count this, so time the node
     * spends on its own queues is never held against a miner.
     */
    long waitedNanos();
}
