package club.micromining.stratum.job;

import club.micromining.stratum.template.BlockResult;
import club.micromining.stratum.template.RecoveredBlock;
import club.micromining.stratum.template.SolvedBlock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Where a node's jobs come from and where the blocks solved on them go. A node of its own builds its jobs
 * from its template source ({@link LocalJobOrigin}); the nodes of a cluster all take theirs from the one job
 * source the cluster runs, so a template becomes a job once and a block goes to one chain.
 */
public interface JobOrigin extends AutoCloseable {

    /**
     * Starts delivering jobs, each new one once and in order, and the verdicts on blocks found before the
     * last stop. Both consumers must only hand their argument over.
     */
    void start(Consumer<Job> jobs, Consumer<RecoveredBlock> recovered);

    /**
     * Submits a block solved on one of this origin's jobs; completes with the chain's verdict, or with a
     * {@link club.micromining.stratum.template.BlockStillPendingException} when the verdict comes later.
     */
    CompletionStage<BlockResult> submitBlock(Job job, SolvedBlock block, String finder);

    /** The hash of the chain's block at a height (see {@link club.micromining.stratum.template.TemplateSource#blockHash}). */
    CompletionStage<Optional<String>> blockHash(long height);

    /** Work the pool accepted (share difficulty), for a chain that retargets on it. */
    void workObserved(double shareDifficulty);

    /** Whether jobs are current (the template source reachable and serving). */
    boolean ready();

    /** Found blocks the chain has not answered yet. */
    int pendingBlocks();

    /** Fails, with a message naming the settings, when the template source serves another network. */
    CompletionStage<Void> verified();

    @Override
    void close();
}
