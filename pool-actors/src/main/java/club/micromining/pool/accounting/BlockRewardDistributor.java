package club.micromining.pool.accounting;

import club.micromining.pool.accounting.scheme.PaymentScheme;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;

/**
 * Divides the value of every block this node found under PPLNS or SOLO: writes the block as pending in
 * its {@link BlockRewardEntity} first, then reads the PPLNS window (waiting until the block's own share
 * reached the read side), computes the division with {@link BlockReward} and writes it. Pending blocks
 * left by a stopped node are divided when the next one starts. Members are credited from the written
 * division by a projection, never from here.
 */
public final class BlockRewardDistributor {

    public sealed interface Command {
    }

    /** The chain accepted a block this node submitted. */
    public record BlockAccepted(FoundBlock block) implements Command {
    }

    private record Recovered(List<FoundBlock> pending) implements Command {
    }

    private record Attempt(FoundBlock block) implements Command {
    }

    private record Divided(FoundBlock block, Optional<BlockReward.Division> division, Throwable error) implements Command {
    }

    private record Written(FoundBlock block, boolean distribution, Throwable error) implements Command {
    }

    /**
     * @param retryInterval pause before trying a block again (window not readable yet, a write failed)
     */
    public record Settings(PaymentScheme scheme, Split split, Duration retryInterval, Duration askTimeout) {
        public Settings {
            if (!scheme.dividesFoundBlocks()) {
                throw new IllegalArgumentException(scheme + " pays per share, there is no block reward to divide");
            }
        }
    }

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final Settings settings;
    private final WorkWindow workWindow;
    private final ActorRef<BlockRewardEntity.Command> entity;
    /** Blocks whose window was not readable on a first try: logged once each. */
    private final Set<String> waitingLogged = new HashSet<>();

    public static Behavior<Command> create(int nodeId, Settings settings, WorkWindow workWindow) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new BlockRewardDistributor(ctx, timers, nodeId, settings,
                workWindow).behavior()));
    }

    private BlockRewardDistributor(ActorContext<Command> ctx, TimerScheduler<Command> timers, int nodeId, Settings settings,
                                   WorkWindow workWindow) {
        this.ctx = ctx;
        this.timers = timers;
        this.settings = settings;
        this.workWindow = workWindow;
        this.entity = ctx.spawn(BlockRewardEntity.create(nodeId), "block-reward-entity");
        ctx.ask(BlockRewardEntity.Pending.class, entity, settings.askTimeout(), BlockRewardEntity.GetPending::new,
                (pending, error) -> {
                    if (error != null) {
                        ctx.getLog().error("Could not read the pending block rewards; they will be divided at the next start",
                                error);
                        return new Recovered(List.of());
                    }
                    return new Recovered(pending.blocks());
                });
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Recovered.class, this::onRecovered)
                .onMessage(BlockAccepted.class, this::onAccepted)
                .onMessage(Attempt.class, this::onAttempt)
                .onMessage(Divided.class, this::onDivided)
                .onMessage(Written.class, this::onWritten)
                .build();
    }

    private Behavior<Command> onRecovered(Recovered r) {
        for (FoundBlock b : r.pending()) {
            ctx.getLog().info("Block {} at height {} found by {} is not divided yet; dividing it now", b.hash(), b.height(),
                    b.finder());
            ctx.getSelf().tell(new Attempt(b));
        }
        return Behaviors.same();
    }

    private Behavior<Command> onAccepted(BlockAccepted a) {
        recordFound(a.block());
        return Behaviors.same();
    }

    private void recordFound(FoundBlock block) {
        ctx.askWithStatus(Done.class, entity, settings.askTimeout(),
                replyTo -> new BlockRewardEntity.RecordBlockFound(block, replyTo),
                (done, error) -> new Written(block, false, error));
    }

    private Behavior<Command> onAttempt(Attempt a) {
        ctx.pipeToSelf(settings.scheme().divide(a.block(), workWindow, settings.split()),
                (division, error) -> new Divided(a.block(), division, error));
        return Behaviors.same();
    }

    private Behavior<Command> onDivided(Divided r) {
        if (r.error() != null || r.division().isEmpty()) {
            if (waitingLogged.add(r.block().hash())) {
                if (r.error() != null) {
                    ctx.getLog().warn("Could not read the work window of block {}: {}; trying again", r.block().hash(),
                            r.error().toString());
                } else {
                    ctx.getLog().info("Block {}: waiting for its share to reach the read side before dividing it",
                            r.block().hash());
                }
            }
            timers.startSingleTimer(new Attempt(r.block()), settings.retryInterval());
            return Behaviors.same();
        }
        write(r.block(), r.division().get());
        return Behaviors.same();
    }

    private void write(FoundBlock block, BlockReward.Division division) {
        BlockReward.Distribution d = division.distribution();
        ctx.askWithStatus(Done.class, entity, settings.askTimeout(),
                replyTo -> new BlockRewardEntity.RecordDistribution(block.hash(), settings.scheme().name(), division.window(),
                        d.countedDifficulty().stripTrailingZeros().toPlainString(), d.credits(), d.undistributedMsat(), replyTo),
                (done, error) -> new Written(block, true, error));
        if (ctx.getLog().isInfoEnabled()) {
            ctx.getLog().info("Block {} at height {}: dividing {} msat {} over {} account(s), {} msat of rounding to the reserve",
                    block.hash(), block.height(), block.valueMsat(), settings.scheme().name(), d.credits().size(), d.undistributedMsat());
        }
    }

    private Behavior<Command> onWritten(Written w) {
        if (w.error() == null) {
            if (w.distribution()) {
                waitingLogged.remove(w.block().hash());
            } else {
                ctx.getSelf().tell(new Attempt(w.block()));
            }
            return Behaviors.same();
        }
        ctx.getLog().warn("Block {}: writing its {} failed ({}); trying again", w.block().hash(),
                w.distribution() ? "division" : "record", w.error().toString());
        if (w.distribution()) {
            timers.startSingleTimer(new Attempt(w.block()), settings.retryInterval());
        } else {
            timers.startSingleTimer(new BlockAccepted(w.block()), settings.retryInterval());
        }
        return Behaviors.same();
    }
}
