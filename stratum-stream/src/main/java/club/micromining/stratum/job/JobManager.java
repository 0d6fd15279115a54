package club.micromining.stratum.job;

import club.micromining.common.concurrent.Failures;
import club.micromining.stratum.template.BlockResult;
import club.micromining.stratum.template.BlockStillPendingException;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.RecoveredBlock;
import club.micromining.stratum.template.SolvedBlock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every new job of the node's {@link JobOrigin} to every connection. A new block makes all earlier
 * jobs stale after a short grace window and goes to everyone at once; a refresh of the same block leaves
 * earlier jobs valid and is handed out in small paced batches, so that thousands of notifies do not queue
 * ahead of the share replies in flight.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobManager.class);
    /** Jobs remembered to be marked stale on the next block; connections keep fewer than this. */
    private static final int RECENT_JOBS = 64;
    private static final int REFRESH_BATCH = 500;
    private static final long REFRESH_BATCH_PAUSE_MILLIS = 20;
    /**
     * Set in the ids of jobs re-sent to one connection: an origin's ids are counter values below 2^48, so a
     * re-sent id never equals a job id of any origin, this node's or the cluster's job source's.
     */
    private static final long RESENT_ID_BIT = 1L << 60;

    private final JobOrigin origin;
    private final long staleGraceNanos;
    private final RestartSafeCounter ids;
    private final BlockListener blocks;
    private final Set<Consumer<Job>> listeners = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<Job> recent = new ArrayDeque<>();
    private final CompletableFuture<Job> firstJob = new CompletableFuture<>();
    private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-broadcast");
        t.setDaemon(true);
        return t;
    });
    private volatile Job current;

    public JobManager(JobOrigin origin, Duration staleGrace, RestartSafeCounter ids, BlockListener blocks) {
        this.origin = origin;
        this.blocks = blocks;
        this.staleGraceNanos = staleGrace.toNanos();
        this.ids = ids;
    }

    /** The hash of the source chain's block at a height (see {@link JobOrigin#blockHash}). */
    public CompletionStage<Optional<String>> blockHash(long height) {
        return origin.blockHash(height);
    }

    /** Starts the origin; the stage completes with the first job. */
    public CompletionStage<Job> start() {
        origin.start(this::onJob, r -> recovered(blocks, r));
        return firstJob;
    }

    /** The newest job, or null before the first one arrived. */
    public Job current() {
        return current;
    }

    /** Whether the jobs handed out are current (see {@link JobOrigin#ready}). */
    public boolean ready() {
        return origin.ready();
    }

    public int pendingBlocks() {
        return origin.pendingBlocks();
    }

    /**
     * Registers a listener for new jobs; it is called on the origin's thread and must only hand the job
     * over (to a connection's event loop, say).
     */
    public AutoCloseable subscribe(Consumer<Job> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** A fresh job id, for re-sending a job to one connection under a new name after a difficulty change. */
    public String newJobId() {
        return Long.toHexString(RESENT_ID_BIT | ids.next());
    }

    public void workAccepted(double shareDifficulty) {
        origin.workObserved(shareDifficulty);
    }

    /**
     * Submits a block found by {@code finder} ({@code account.worker}) on {@code job}; the block listener
     * hears the verdict, now or, when the pool stops before the chain answered, after the next start.
     */
    public CompletionStage<BlockResult> submitBlock(Job job, SolvedBlock block, String finder) {
        return origin.submitBlock(job, block, finder).whenComplete((result, error) -> {
            if (error == null) {
                verdict(blocks, result, finder, block.template(), "");
                return;
            }
            Throwable cause = Failures.unwrap(error);
            if (cause instanceof BlockStillPendingException) {
                log.warn("Block at height {}: {}", block.template().height(), cause.getMessage());
                return;
            }
            log.error("Block {} at height {} could not be submitted", block.hashHex(), block.template().height(), error);
            blocks.blockSubmitted(new BlockResult(block.hashHex(), block.template().height(), false,
                    "not submitted: " + error), finder, block.template());
        });
    }

    /** A verdict reached elsewhere (the cluster's job source, on a block found before its last stop). */
    public static void recovered(BlockListener blocks, RecoveredBlock r) {
        verdict(blocks, r.result(), r.finder(), r.template(), " (found before the restart)");
    }

    private static void verdict(BlockListener blocks, BlockResult result, String finder, BlockTemplate template, String when) {
        blocks.blockSubmitted(result, finder, template);
        if (!result.accepted()) {
            log.warn("Block {} at height {}{} rejected by the chain: {}", result.blockHash(), result.height(), when,
                    result.reason());
        } else if (result.reason() == null) {
            log.info("Block {} at height {}{} accepted by the chain", result.blockHash(), result.height(), when);
        } else if (result.reason().endsWith("inconclusive")) {
            log.warn("Block {} at height {}{} accepted by bitcoind but not (yet) on its best chain (\"{}\"): counted as"
                    + " found, it may still go stale", result.blockHash(), result.height(), when, result.reason());
        } else {
            log.info("Block {} at height {}{} accepted by the chain (\"{}\")", result.blockHash(), result.height(), when,
                    result.reason());
        }
    }

    private synchronized void onJob(Job job) {
        long now = System.nanoTime();
        if (job.cleanJobs()) {
            for (Job old : recent) {
                old.markStale(now + staleGraceNanos);
            }
            log.debug("New block at height {}: job {}", job.height(), job.id());
        }
        recent.addLast(job);
        if (recent.size() > RECENT_JOBS) {
            recent.removeFirst();
        }
        current = job;
        firstJob.complete(job);
        List<Consumer<Job>> targets = List.copyOf(listeners);
        if (job.cleanJobs()) {
            deliver(job, targets, 0, targets.size());
        } else {
            pacer.execute(() -> deliverPaced(job, targets, 0));
        }
    }

    /** Hands a refresh out batch by batch; stops when a newer job has been published. */
    private void deliverPaced(Job job, List<Consumer<Job>> targets, int from) {
        if (current != job) {
            return;
        }
        int to = Math.min(targets.size(), from + REFRESH_BATCH);
        deliver(job, targets, from, to);
        if (to < targets.size()) {
            pacer.schedule(() -> deliverPaced(job, targets, to), REFRESH_BATCH_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private static void deliver(Job job, List<Consumer<Job>> targets, int from, int to) {
        for (int i = from; i < to; i++) {
            try {
                targets.get(i).accept(job);
            } catch (RuntimeException e) {
                log.error("A job listener failed", e);
            }
        }
    }

    @Override
    public void close() {
        pacer.shutdownNow();
        origin.close();
    }
}
