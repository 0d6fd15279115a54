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
}
