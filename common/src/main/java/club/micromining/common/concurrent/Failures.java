package club.micromining.common.concurrent;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a failed future really failed with, and the words a person should read about it. */
public final class Failures {
    private Failures() {
    }

    /** The failure inside the wrappers that {@code CompletableFuture} and {@code Future.get} put around it. */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * The most specific message in the chain of causes: the deepest one that has words (a listener that
     * could not bind, say, fails with a cause that names the port and a wrapper that says nothing).
     */
    public static String rootMessage(Throwable failure) {
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message != null ? message : failure.toString();
    }
}
