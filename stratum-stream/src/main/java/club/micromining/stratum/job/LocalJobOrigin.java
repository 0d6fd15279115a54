package club.micromining.stratum.job;

import club.micromining.stratum.template.BlockResult;
import club.micromining.stratum.template.RecoveredBlock;
import club.micromining.stratum.template.SolvedBlock;
import club.micromining.stratum.template.TemplateSource;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Jobs built here from a template source. Job ids are the hex of a restart-safe counter, so a later job
 * has a larger id than an earlier one of the same origin.
 */
public final class LocalJobOrigin implements JobOrigin {
    private final TemplateSource source;
    private final JobFactory factory;
    private final RestartSafeCounter ids;

    public LocalJobOrigin(TemplateSource source, JobFactory factory, RestartSafeCounter ids) {
        this.source = source;
        this.factory = factory;
        this.ids = ids;
    }

    @Override
    public void start(Consumer<Job> jobs, Consumer<RecoveredBlock> recovered) {
        source.onRecoveredBlock(recovered);
        source.start(template -> jobs.accept(factory.build(Long.toHexString(ids.next()), template, System.nanoTime())));
    }

    @Override
    public CompletionStage<BlockResult> submitBlock(Job job, SolvedBlock block, String finder) {
        return source.submitBlock(block, finder);
    }

    @Override
    public CompletionStage<Optional<String>> blockHash(long height) {
        return source.blockHash(height);
    }

    @Override
    public void workObserved(double shareDifficulty) {
        source.workObserved(shareDifficulty);
    }

    @Override
    public boolean ready() {
        return source.ready();
    }

    @Override
    public int pendingBlocks() {
        return source.pendingBlocks();
    }

    @Override
    public CompletionStage<Void> verified() {
        return source.verified();
    }

    @Override
    public void close() {
        source.close();
    }
}
