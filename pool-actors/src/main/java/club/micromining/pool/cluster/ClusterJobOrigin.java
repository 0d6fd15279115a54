package club.micromining.pool.cluster;

import club.micromining.stratum.job.Job;
import club.micromining.stratum.job.JobOrigin;
import club.micromining.stratum.job.PublishedJob;
import club.micromining.stratum.template.BlockResult;
import club.micromining.stratum.template.BlockStillPendingException;
import club.micromining.stratum.template.RecoveredBlock;
import club.micromining.stratum.template.SolvedBlock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;

/**
 * A cluster node's jobs, from the cluster's {@link JobSource}: pushed through its topic, and asked for once a
 * second as well, which also carries the source's health and the work this node accepted. A node that joins,
 * or whose topic subscription is not yet known to the source's node, so still gets the current job within a
 * second; while the source moves to another node the connections keep mining the last job.
 */
public final class ClusterJobOrigin implements JobOrigin {
    private static final Duration POLL = Duration.ofSeconds(1);
    /** A block is put together and sent by the source: bitcoind's submitblock may take a while. */
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long the source may go unheard before this node's jobs count as not current: longer than the
     * source takes to start on another node after its node was downed, so a failover does not make every
     * node unready at once.
     */
    private static final Duration STATUS_ALLOWANCE = Duration.ofSeconds(30);

    private final ActorSystem<?> system;
    private final ActorRef<JobSource.Command> source;
    private final Duration askTimeout;
    private final DoubleAdder work = new DoubleAdder();
    private final CompletableFuture<Void> verified = new CompletableFuture<>();
    private volatile JobSource.Status status;
    private volatile long statusAtNanos;
    private volatile ActorRef<Follower.Command> follower;

    public ClusterJobOrigin(ActorSystem<?> system, ActorRef<JobSource.Command> source, Duration askTimeout) {
        this.system = system;
        this.source = source;
        this.askTimeout = askTimeout;
    }

    /** {@code recovered} is not called here: the job source's node hears such verdicts (see {@link JobSource#init}). */
    @Override
    public void start(Consumer<Job> jobs, Consumer<RecoveredBlock> recovered) {
        follower = system.systemActorOf(new Follower(jobs).create(), "job-follower", Props.empty());
    }

    @Override
    public CompletionStage<BlockResult> submitBlock(Job job, SolvedBlock block, String finder) {
        return AskPattern.<JobSource.Command, JobSource.Submitted>ask(source,
                        replyTo -> new JobSource.SubmitBlock(job.id(), block.header(), block.coinbase(), finder, replyTo),
                        SUBMIT_TIMEOUT, system.scheduler())
                .thenApply(s -> switch (s.outcome()) {
                    case VERDICT -> s.verdict();
                    case PENDING -> throw new BlockStillPendingException(s.reason());
                    case NOT_SUBMITTED -> throw new IllegalStateException(s.reason());
                });
    }

    @Override
    public CompletionStage<Optional<String>> blockHash(long height) {
        return AskPattern.<JobSource.Command, JobSource.BlockHash>ask(source, replyTo -> new JobSource.GetBlockHash(height, replyTo),
                askTimeout, system.scheduler()).thenApply(h -> Optional.ofNullable(h.hash()));
    }

    @Override
    public void workObserved(double shareDifficulty) {
        work.add(shareDifficulty);
    }

    @Override
    public boolean ready() {
        JobSource.Status s = status;
        return s != null && s.ready() && System.nanoTime() - statusAtNanos < STATUS_ALLOWANCE.toNanos();
    }

    @Override
    public int pendingBlocks() {
        JobSource.Status s = status;
        return s == null ? 0 : s.pendingBlocks();
    }

    @Override
    public CompletionStage<Void> verified() {
        return verified;
    }

    @Override
    public void close() {
        ActorRef<Follower.Command> f = follower;
        if (f != null) {
            f.tell(new Follower.Stop());
        }
    }

    /** Takes the source's jobs in order, one each, from the topic and from the answers to its polls. */
    private final class Follower {
        interface Command extends NoSerializationVerificationNeeded {
        }

        record Tick() implements Command {
        }

        record Stop() implements Command {
        }

        record Pushed(JobSource.Published published) implements Command {
        }

        record Answered(JobSource.Status status) implements Command {
        }

        record Unanswered() implements Command {
        }

        private final Consumer<Job> jobs;
        private String incarnation;
        /** Runs of the source this node has seen replaced: what one of them still sends is older than the current run. */
        private final java.util.Set<String> retired = new java.util.HashSet<>();
        private long lastSequence = -1;
        private String lastId;

        Follower(Consumer<Job> jobs) {
            this.jobs = jobs;
        }

        Behavior<Command> create() {
            return Behaviors.setup(ctx -> {
                ActorRef<Topic.Command<JobSource.Published>> topic =
                        ctx.spawn(Topic.create(JobSource.Published.class, JobSource.TOPIC), "topic");
                topic.tell(Topic.subscribe(ctx.messageAdapter(JobSource.Published.class, Pushed::new)));
                return Behaviors.withTimers(timers -> {
                    timers.startTimerWithFixedDelay(new Tick(), Duration.ZERO, POLL);
                    return Behaviors.receive(Command.class)
                            .onMessage(Tick.class, t -> {
                                double accepted = work.sumThenReset();
                                if (accepted > 0) {
                                    source.tell(new JobSource.WorkObserved(accepted));
                                }
                                ctx.ask(JobSource.Status.class, source, askTimeout,
                                        replyTo -> new JobSource.GetStatus(lastId, replyTo),
                                        (s, error) -> s != null ? new Answered(s) : new Unanswered());
                                return Behaviors.same();
                            })
                            .onMessage(Pushed.class, p -> {
                                offer(p.published().incarnation(), p.published().job());
                                return Behaviors.same();
                            })
                            .onMessage(Answered.class, a -> {
                                JobSource.Status s = a.status();
                                status = s;
                                statusAtNanos = System.nanoTime();
                                if (s.current() != null) {
                                    offer(s.incarnation(), s.current());
                                }
                                if (s.problem() != null) {
                                    verified.completeExceptionally(new IllegalStateException(s.problem()));
                                } else if (lastId != null) {
                                    verified.complete(null);
                                }
                                return Behaviors.same();
                            })
                            .onMessage(Unanswered.class, u -> Behaviors.same())
                            .onMessage(Stop.class, s -> Behaviors.stopped())
                            .build();
                });
            });
        }

        /**
         * Hands a job on unless it is one already handed on or older. A job source's ids are its counter in
         * hex; a new run of the source (on another node) starts its own order.
         */
        private void offer(String from, PublishedJob job) {
            long sequence = Long.parseUnsignedLong(job.id(), 16);
            if (from.equals(incarnation) ? sequence <= lastSequence : retired.contains(from)) {
                return;
            }
            if (incarnation != null && !from.equals(incarnation)) {
                retired.add(incarnation);
            }
            incarnation = from;
            lastSequence = sequence;
            lastId = job.id();
            jobs.accept(Job.of(job, System.nanoTime()));
        }
    }
}
