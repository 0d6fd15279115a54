package club.micromining.stratum.template;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Where block templates come from and where solved blocks go: the embedded chain or bitcoind. */
public interface TemplateSource extends AutoCloseable {

    /** Starts delivering templates to the listener: one at once, then one per new block or refresh. */
    void start(Consumer<BlockTemplate> listener);

    /**
     * Submits a block found by {@code finder} ({@code account.worker}); the stage completes with the
     * chain's verdict, or with a {@link BlockStillPendingException} when the source was closed first.
     */
    CompletionStage<BlockResult> submitBlock(SolvedBlock block, String finder);

    /**
     * Where verdicts go on blocks found before the last stop that had no answer then; the source sends
     * such blocks again once it is up. Set before {@link #start}.
     */
    default void onRecoveredBlock(Consumer<RecoveredBlock> listener) {
    }

    /** Whether the source can give current templates now (the pool still serves the last job when not). */
    /** Found blocks the chain has not answered yet (kept to be sent again); none for a source that answers at once. */
    default int pendingBlocks() {
        return 0;
    }

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

    /**
     * The hash (big-endian hex, as displayed) of the block at this height of the source's chain; empty when
     * the chain is not that high or the source cannot tell. Never completes on the caller's thread.
     */
    default CompletionStage<java.util.Optional<String>> blockHash(long height) {
        return CompletableFuture.completedFuture(java.util.Optional.empty());
    }

    /** The pool tells the source how much work it accepted (share difficulty), for sources that retarget on it. */
    default void workObserved(double shareDifficulty) {
    }

    @Override
    void close();
}
