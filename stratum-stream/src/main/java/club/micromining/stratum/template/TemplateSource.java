package club.micromining.stratum.template;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Where block templates come from and where solved blocks go: the embedded chain or bitcoind. */
public interface TemplateSource extends AutoCloseable {

    /** Starts delivering templates to the listener: one at once, then one per new block or refresh. */
    void start(Consumer<BlockTemplate> listener);

    /** Submits a block; the stage completes with the chain's verdict. */
    CompletionStage<BlockResult> submitBlock(SolvedBlock block);

    /** Whether the source can give current templates now (the pool still serves the last job when not). */
    default boolean ready() {
        return true;
    }

    /**
     * Completes once the source has confirmed it serves the configured network; fails, with a message
     * naming the settings, when it serves another, which should stop start-up.
     */
    default CompletionStage<Void> verified() {
        return CompletableFuture.completedFuture(null);
    }

    /** The pool tells the source how much work it accepted (share difficulty), for sources that retarget on it. */
    default void workObserved(double shareDifficulty) {
    }

    @Override
    void close();
}
