package club.micromining.pool.stats;

import club.micromining.pool.CborSerializable;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One node's record of what is not any device's: rejected shares (tallied by reason and written in
 * batches, so a flood of bad shares costs one event per interval), the chain's verdict on every block
 * the node submitted, and donations paid to the club's Lightning Address.
 */
public final class PoolStatsEntity extends EventSourcedBehavior<PoolStatsEntity.Command, PoolStatsEntity.Event, PoolStatsEntity.State> {
    public static final String TAG = "pool";

    public sealed interface Command extends CborSerializable {
    }

    /** Rejections since the last report, by reason. */
    public record RecordRejections(Map<String, Long> byReason, long atMillis) implements Command {
    }

    public record RecordBlock(long height, String hash, String finder, boolean accepted, String reason, long atMillis)
            implements Command {
    }

    /** A donation to the club's Lightning Address was paid; it goes to the project fund. */
    public record RecordDonation(long amountMsat, String paymentHash, long atMillis) implements Command {
    }

    public sealed interface Event extends CborSerializable {
    }

    public record DonationReceived(long amountMsat, String paymentHash, long atMillis) implements Event {
    }

    public record SharesRejected(Map<String, Long> byReason, long atMillis) implements Event {
    }

    public record BlockSubmitted(long height, String hash, String finder, boolean accepted, String reason, long atMillis)
            implements Event {
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
        super(PersistenceId.of("PoolStats", "node-" + nodeId));
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public CommandHandler<Command, Event, State> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(RecordRejections.class, (state, c) -> c.byReason().isEmpty()
                        ? Effect().none()
                        : Effect().persist(new SharesRejected(Map.copyOf(c.byReason()), c.atMillis())))
                .onCommand(RecordDonation.class, (state, c) -> Effect().persist(
                        new DonationReceived(c.amountMsat(), c.paymentHash(), c.atMillis())))
                .onCommand(RecordBlock.class, (state, c) -> Effect().persist(
                        new BlockSubmitted(c.height(), c.hash(), c.finder(), c.accepted(), c.reason(), c.atMillis())))
                .build();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(SharesRejected.class, (state, e) -> state.plus(e.byReason()))
                .onEvent(BlockSubmitted.class, (state, e) -> e.accepted()
                        ? new State(state.rejected(), state.blocksAccepted() + 1) : state)
                .onEvent(DonationReceived.class, (state, e) -> state)
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
