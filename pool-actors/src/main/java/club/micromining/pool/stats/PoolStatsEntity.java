package club.micromining.pool.stats;

import club.micromining.pool.CborSerializable;
import club.micromining.pool.JournalFailures;
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
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One node's record of what is not any device's: rejected shares (tallied by reason and written in
 * batches, so a flood of bad shares costs one event per interval), which devices are connected to the
 * node (changes written in batches too, so a thousand devices reconnecting at once cost a few events, not
 * a thousand entity starts), and the chain's verdict on every block the node submitted. Every command is
 * acknowledged once its event is in the journal, so the sender knows what to send again.
 */
public final class PoolStatsEntity extends EventSourcedBehaviorWithEnforcedReplies<PoolStatsEntity.Command,
        PoolStatsEntity.Event, PoolStatsEntity.State> {
    public static final String TAG = "pool";

    public sealed interface Command extends CborSerializable {
    }

    /** Rejections since the last report, by reason. */
    public record RecordRejections(Map<String, Long> byReason, long atMillis, ActorRef<StatusReply<Done>> replyTo)
            implements Command {
    }

    /** @param valueMsat what the block pays its coinbase (subsidy and fees), in msat */
    public record RecordBlock(long height, String hash, String finder, boolean accepted, String reason, long atMillis,
                              long valueMsat, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** The node (re)started: none of the connections it held before are open any more. */
    public record RecordNodeStarted(long atMillis, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** Devices that connected or disconnected since the last report. */
    public record RecordPresence(List<PresenceChange> changes, long atMillis, ActorRef<StatusReply<Done>> replyTo)
            implements Command {
    }

    /**
     * One device's connections to this node since the last report.
     *
     * @param device          {@code account.worker}
     * @param delta           connections opened less connections closed
     * @param lastConnectedAt when its latest connection opened, 0 if none did
     * @param userAgent       what that connection's subscribe named (firmware and ASIC, {@code bitaxe/BM1370}), or null
     */
    public record PresenceChange(String device, int delta, long lastConnectedAt, String userAgent) implements CborSerializable {
    }

    public sealed interface Event extends CborSerializable {
    }

    /**
     * A donation, as journals written before donations had their own entity hold it; still read so those
     * donations stay in the project fund. New donations are {@code DonationEntity} events.
     */
    public record DonationReceived(long amountMsat, String paymentHash, long atMillis) implements Event {
    }

    public record SharesRejected(Map<String, Long> byReason, long atMillis) implements Event {
    }

    /** @param valueMsat the coinbase's value in msat (0 in events written before it was recorded) */
    public record BlockSubmitted(long height, String hash, String finder, boolean accepted, String reason, long atMillis,
                                 long valueMsat) implements Event {
    }

    public record NodeStarted(long atMillis) implements Event {
    }

    public record PresenceChanged(List<PresenceChange> changes, long atMillis) implements Event {
    }

    /** Totals of this node, all time. */
    public record State(Map<String, Long> rejected, long blocksAccepted) implements CborSerializable {
        static final State EMPTY = new State(Map.of(), 0);

        State plus(Map<String, Long> byReason) {
            Map<String, Long> r = new TreeMap<>(rejected);
            byReason.forEach((k, v) -> r.merge(k, v, Long::sum));
            return new State(Map.copyOf(r), blocksAccepted);
        }
    }

    public static Behavior<Command> create(int nodeId) {
        return new PoolStatsEntity(nodeId);
    }

    private PoolStatsEntity(int nodeId) {
        super(PersistenceId.of("PoolStats", "node-" + nodeId),
                JournalFailures.RESTART);
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(RecordRejections.class, (state, c) -> c.byReason().isEmpty()
                        ? Effect().reply(c.replyTo(), StatusReply.ack())
                        : Effect().persist(new SharesRejected(Map.copyOf(c.byReason()), c.atMillis()))
                                .thenReply(c.replyTo(), s -> StatusReply.ack()))
                .onCommand(RecordBlock.class, (state, c) -> Effect().persist(
                                new BlockSubmitted(c.height(), c.hash(), c.finder(), c.accepted(), c.reason(), c.atMillis(), c.valueMsat()))
                        .thenReply(c.replyTo(), s -> StatusReply.ack()))
                .onCommand(RecordNodeStarted.class, (state, c) -> Effect().persist(new NodeStarted(c.atMillis()))
                        .thenReply(c.replyTo(), s -> StatusReply.ack()))
                .onCommand(RecordPresence.class, (state, c) -> c.changes().isEmpty()
                        ? Effect().reply(c.replyTo(), StatusReply.ack())
                        : Effect().persist(new PresenceChanged(List.copyOf(c.changes()), c.atMillis()))
                                .thenReply(c.replyTo(), s -> StatusReply.ack()))
                .build();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(SharesRejected.class, (state, e) -> state.plus(e.byReason()))
                .onEvent(BlockSubmitted.class, (state, e) -> e.accepted()
                        ? new State(state.rejected(), state.blocksAccepted() + 1) : state)
                .onEvent(DonationReceived.class, (state, e) -> state)
                .onEvent(NodeStarted.class, (state, e) -> state)
                .onEvent(PresenceChanged.class, (state, e) -> state)
                .build();
    }

    @Override
    public Set<String> tagsFor(Event event) {
        return Set.of(TAG);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(1000, 2);
    }
}
