package club.micromining.pool.accounting;

import club.micromining.pool.CborSerializable;
import club.micromining.pool.JournalFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One node's found blocks under PPLNS or SOLO and how each one's value was divided. A block is written
 * as pending the moment the chain accepts it, so a crash before its division is made only delays it;
 * the division is written once, with every account's accrual and split, and never recomputed.
 */
public final class BlockRewardEntity extends EventSourcedBehaviorWithEnforcedReplies<BlockRewardEntity.Command,
        BlockRewardEntity.Event, BlockRewardEntity.State> {
    public static final String TAG = "rewards";
    /** Divided blocks remembered to refuse a second division of one. */
    static final int REMEMBERED = 1000;

    public sealed interface Command extends CborSerializable {
    }

    public record RecordBlockFound(FoundBlock block, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** Writes the division of a pending block; refused unless it hands out exactly the block's value. */
    public record RecordDistribution(String hash, String scheme, String window, String countedDifficulty,
                                     List<BlockReward.Credit> credits, long undistributedMsat,
                                     ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record GetPending(ActorRef<Pending> replyTo) implements Command {
    }

    /** Accepted blocks not divided yet. */
    public record Pending(List<FoundBlock> blocks) implements CborSerializable {
    }

    public sealed interface Event extends CborSerializable {
    }

    public record BlockRewardPending(FoundBlock block) implements Event {
    }

    /**
     * A block's value divided: each account's accrual and its split; {@code undistributedMsat} (rounding)
     * goes to the reserve. The accruals plus the remainder are the block's value.
     */
    public record BlockRewardDistributed(FoundBlock block, String scheme, String window, String countedDifficulty,
                                         List<BlockReward.Credit> credits, long undistributedMsat, long atMillis)
            implements Event {
    }

    /**
     * @param pending     accepted blocks not divided yet, by hash
     * @param distributed hashes of the latest divided blocks, oldest first
     */
    public record State(Map<String, FoundBlock> pending, List<String> distributed) implements CborSerializable {
        static final State EMPTY = new State(Map.of(), List.of());

        boolean knows(String hash) {
            return pending.containsKey(hash) || distributed.contains(hash);
        }

        State withPending(FoundBlock b) {
            Map<String, FoundBlock> p = new TreeMap<>(pending);
            p.put(b.hash(), b);
            return new State(Map.copyOf(p), distributed);
        }

        State withDistributed(String hash) {
            Map<String, FoundBlock> p = new TreeMap<>(pending);
            p.remove(hash);
            List<String> d = new ArrayList<>(distributed.size() >= REMEMBERED
                    ? distributed.subList(1, distributed.size()) : distributed);
            d.add(hash);
            return new State(Map.copyOf(p), List.copyOf(d));
        }
    }

    public static Behavior<Command> create(int nodeId) {
        return new BlockRewardEntity(nodeId);
    }

    private BlockRewardEntity(int nodeId) {
        super(PersistenceId.of("BlockRewards", "node-" + nodeId),
                JournalFailures.RESTART);
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(RecordBlockFound.class, (state, c) -> state.knows(c.block().hash())
                        ? Effect().reply(c.replyTo(), StatusReply.ack())
                        : Effect().persist(new BlockRewardPending(c.block())).thenReply(c.replyTo(), s -> StatusReply.ack()))
                .onCommand(RecordDistribution.class, this::distribute)
                .onCommand(GetPending.class, (state, c) -> Effect().reply(c.replyTo(),
                        new Pending(List.copyOf(state.pending().values()))))
                .build();
    }

    private ReplyEffect<Event, State> distribute(State state, RecordDistribution c) {
        FoundBlock block = state.pending().get(c.hash());
        if (block == null) {
            return Effect().reply(c.replyTo(), state.distributed().contains(c.hash())
                    ? StatusReply.ack() : StatusReply.error("no pending block " + c.hash()));
        }
        long total = c.undistributedMsat();
        for (BlockReward.Credit credit : c.credits()) {
            if (credit.accrualMsat() <= 0 || credit.parts().total() != credit.accrualMsat()) {
                return Effect().reply(c.replyTo(), StatusReply.error("credit to " + credit.account()
                        + " is not positive or its split does not add up"));
            }
            total += credit.accrualMsat();
        }
        if (c.undistributedMsat() < 0 || total != block.valueMsat()) {
            return Effect().reply(c.replyTo(), StatusReply.error("the division of block " + c.hash() + " hands out " + total
                    + " msat, the block is worth " + block.valueMsat()));
        }
        return Effect().persist(new BlockRewardDistributed(block, c.scheme(), c.window(), c.countedDifficulty(),
                        List.copyOf(c.credits()), c.undistributedMsat(), System.currentTimeMillis()))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(BlockRewardPending.class, (state, e) -> state.withPending(e.block()))
                .onEvent(BlockRewardDistributed.class, (state, e) -> state.withDistributed(e.block().hash()))
                .build();
    }

    @Override
    public Set<String> tagsFor(Event event) {
        return Set.of(TAG);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }
}
