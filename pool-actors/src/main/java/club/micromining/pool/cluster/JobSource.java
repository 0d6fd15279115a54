package club.micromining.pool.cluster;

import club.micromining.common.concurrent.Failures;
import club.micromining.pool.CborSerializable;
import club.micromining.stratum.bitcoin.MerkleTree;
import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.job.JobArchive;
import club.micromining.stratum.job.JobOrigin;
import club.micromining.stratum.job.PublishedJob;
import club.micromining.stratum.template.BlockResult;
import club.micromining.stratum.template.BlockStillPendingException;
import club.micromining.stratum.template.RecoveredBlock;
import club.micromining.stratum.template.SolvedBlock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * The cluster's one job source, a cluster singleton: it owns the template source (the embedded chain or the
 * connection to bitcoind), turns each template into a job once, and publishes the job to every node's
 * connections through the {@value #TOPIC} topic. Blocks solved on its jobs come back to it, because it alone
 * kept their transactions. When its node goes, the next oldest starts it again: the template source connects
 * anew there, and the embedded chain goes on from the tip it keeps in the database. The connections mine the
 * last jobs meanwhile, so every job is also kept whole in the {@link JobArchive}, where the new run finds the
 * transactions of a block found on a job its predecessor made.
 */
public final class JobSource {
    public static final String NAME = "job-source";
    static final String TOPIC = "micromining-jobs";
    /** Jobs kept to put a solved block together: far more than stay valid between two blocks. */
    public static final int KEPT_JOBS = 64;

    public interface Command {
    }

    /** Asks how the source is; the current job comes with the answer unless it is {@code knownJobId}. */
    public record GetStatus(String knownJobId, ActorRef<Status> replyTo) implements Command, CborSerializable {
    }

    /**
     * @param incarnation  this run of the singleton (job ids order within one run)
     * @param ready        whether the template source is reachable and current
     * @param problem      why the source cannot serve at all (another network), or null
     * @param current      the newest job, or null when none yet or when it is the one the asker knows
     */
    public record Status(String incarnation, boolean ready, int pendingBlocks, String problem, PublishedJob current)
            implements CborSerializable {
    }

    /** A new job for every node. */
    public record Published(String incarnation, PublishedJob job) implements CborSerializable {
    }

    /** A share on job {@code jobId} met the network target. */
    public record SubmitBlock(String jobId, byte[] header, byte[] coinbase, String finder, ActorRef<Submitted> replyTo)
            implements Command, CborSerializable {
    }

    public enum Outcome { VERDICT, PENDING, NOT_SUBMITTED }

    /** @param verdict the chain's word when {@code outcome} is VERDICT; otherwise {@code reason} says what happened */
    public record Submitted(Outcome outcome, BlockResult verdict, String reason) implements CborSerializable {
    }

    public record GetBlockHash(long height, ActorRef<BlockHash> replyTo) implements Command, CborSerializable {
    }

    /** @param hash the block's hash at that height, or null when the chain is not that high or cannot tell */
    public record BlockHash(String hash) implements CborSerializable {
    }

    /** Work the nodes accepted since they last said (summed share difficulty), for a chain that retargets. */
    public record WorkObserved(double difficulty) implements Command, CborSerializable {
    }

    private record Built(Job job) implements Command, NoSerializationVerificationNeeded {
    }

    private record Unverified(String problem) implements Command, NoSerializationVerificationNeeded {
    }

    /** What the archive had for a block's job that this run of the source did not make. */
    private record Archived(SubmitBlock block, Optional<Job> job, Throwable error) implements Command, NoSerializationVerificationNeeded {
    }

    private JobSource() {
    }

    /**
     * Starts the singleton's manager on this node and gives the way to it.
     *
     * @param origins   makes the job origin where the singleton runs (called once per start there)
     * @param archive   keeps every job whole for the next run of the source, wherever it starts
     * @param recovered hears verdicts on blocks found before the source last stopped
     */
    public static ActorRef<Command> init(ActorSystem<?> system, Supplier<JobOrigin> origins, JobArchive archive,
                                         Consumer<RecoveredBlock> recovered) {
        return ClusterSingleton.get(system).init(SingletonActor.of(create(origins, archive, recovered), NAME));
    }

    static Behavior<Command> create(Supplier<JobOrigin> origins, JobArchive archive, Consumer<RecoveredBlock> recovered) {
        return Behaviors.setup(ctx -> {
            JobOrigin origin = origins.get();
            ActorRef<Topic.Command<Published>> topic = ctx.spawn(Topic.create(Published.class, TOPIC), "topic");
            Running running = new Running(ctx, origin, archive, topic, UUID.randomUUID().toString());
            origin.start(job -> ctx.getSelf().tell(new Built(job)), recovered);
            origin.verified().whenComplete((ok, error) -> {
                if (error != null) {
                    ctx.getSelf().tell(new Unverified(Failures.rootMessage(error)));
                }
            });
            ctx.getLog().info("Running the job source for the cluster on this node");
            return running.behavior();
        });
    }

    private static final class Running {
        private final ActorContext<Command> ctx;
        private final JobOrigin origin;
        private final JobArchive archive;
        /** The database is called off the actor's thread. */
        private final Executor blocking;
        private final ActorRef<Topic.Command<Published>> topic;
        private final String incarnation;
        private final Map<String, Job> kept = new LinkedHashMap<>(KEPT_JOBS * 2) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
                return size() > KEPT_JOBS;
            }
        };
        private Job current;
        private String problem;

        Running(ActorContext<Command> ctx, JobOrigin origin, JobArchive archive, ActorRef<Topic.Command<Published>> topic,
                String incarnation) {
            this.ctx = ctx;
            this.origin = origin;
            this.archive = archive;
            this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
            this.topic = topic;
            this.incarnation = incarnation;
        }

        Behavior<Command> behavior() {
            return Behaviors.receive(Command.class)
                    .onMessage(Built.class, this::onBuilt)
                    .onMessage(GetStatus.class, this::onGetStatus)
                    .onMessage(SubmitBlock.class, this::onSubmitBlock)
                    .onMessage(Archived.class, this::onArchived)
                    .onMessage(GetBlockHash.class, this::onGetBlockHash)
                    .onMessage(WorkObserved.class, w -> {
                        origin.workObserved(w.difficulty());
                        return Behaviors.same();
                    })
                    .onMessage(Unverified.class, u -> {
                        problem = u.problem();
                        ctx.getLog().error("The job source cannot serve: {}", problem);
                        return Behaviors.same();
                    })
                    .onSignal(PostStop.class, s -> {
                        origin.close();
                        return Behaviors.same();
                    })
                    .build();
        }

        private Behavior<Command> onBuilt(Built b) {
            Job job = b.job();
            kept.put(job.id(), job);
            current = job;
            topic.tell(Topic.publish(new Published(incarnation, job.published())));
            CompletableFuture.runAsync(() -> archive.keep(job), blocking).whenComplete((done, error) -> {
                if (error != null) {
                    ctx.getSystem().log().warn("Job {} is not kept for the next job source (a block on it is lost if this "
                            + "source moves before the next job): {}", job.id(), Failures.rootMessage(error));
                }
            });
            return Behaviors.same();
        }

        private Behavior<Command> onGetStatus(GetStatus g) {
            PublishedJob job = current == null || current.id().equals(g.knownJobId()) ? null : current.published();
            g.replyTo().tell(new Status(incarnation, problem == null && origin.ready(), origin.pendingBlocks(), problem, job));
            return Behaviors.same();
        }

        private Behavior<Command> onSubmitBlock(SubmitBlock s) {
            Job job = kept.get(s.jobId());
            if (job != null) {
                submit(s, job);
            } else {
                ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> archive.find(s.jobId()), blocking),
                        (found, error) -> new Archived(s, found, error));
            }
            return Behaviors.same();
        }

        /** A block on a job of an earlier run of the source (on this node or another): put together from the archive. */
        private Behavior<Command> onArchived(Archived a) {
            SubmitBlock s = a.block();
            if (a.error() != null) {
                ctx.getLog().error("A block on job {} from {} came in, but the job could not be read from the database: {}",
                        s.jobId(), s.finder(), Failures.rootMessage(a.error()));
                s.replyTo().tell(new Submitted(Outcome.NOT_SUBMITTED, null, "job " + s.jobId() + " could not be read: "
                        + Failures.rootMessage(a.error())));
            } else if (a.job().isEmpty() || !madeOn(a.job().get(), s)) {
                ctx.getLog().warn("A block on job {} from {} came in, but no job source kept that job: the block cannot be "
                        + "put together", s.jobId(), s.finder());
                s.replyTo().tell(new Submitted(Outcome.NOT_SUBMITTED, null, "the job source no longer has job " + s.jobId()));
            } else {
                ctx.getLog().info("A block on job {} from {}, made by an earlier job source, is put together from the kept job",
                        s.jobId(), s.finder());
                submit(s, a.job().get());
            }
            return Behaviors.same();
        }

        /**
         * Whether the block's header commits to this job's coinbase branch and previous block: a job of another
         * source's clock that happens to bear the same id is not taken for the one the block was found on.
         */
        private static boolean madeOn(Job job, SubmitBlock s) {
            byte[] root = MerkleTree.rootFromBranch(Sha256d.hash(s.coinbase()), job.published().branch());
            return s.header().length == 80 && Arrays.equals(s.header(), 36, 68, root, 0, 32)
                    && Arrays.equals(s.header(), 4, 36, job.template().prevHash(), 0, 32);
        }

        private void submit(SubmitBlock s, Job job) {
            origin.submitBlock(job, new SolvedBlock(job.template(), s.header(), s.coinbase()), s.finder())
                    .whenComplete((result, error) -> {
                        if (error == null) {
                            s.replyTo().tell(new Submitted(Outcome.VERDICT, result, null));
                        } else if (Failures.unwrap(error) instanceof BlockStillPendingException pending) {
                            s.replyTo().tell(new Submitted(Outcome.PENDING, null, pending.getMessage()));
                        } else {
                            s.replyTo().tell(new Submitted(Outcome.NOT_SUBMITTED, null, Failures.rootMessage(error)));
                        }
                    });
        }

        private Behavior<Command> onGetBlockHash(GetBlockHash g) {
            origin.blockHash(g.height()).whenComplete((hash, error) ->
                    g.replyTo().tell(new BlockHash(error == null ? hash.orElse(null) : null)));
            return Behaviors.same();
        }
    }
}
