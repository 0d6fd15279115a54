package club.micromining.pool.payout;

import club.micromining.pool.CborSerializable;
import club.micromining.pool.JournalFailures;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The payout destinations that failed and when each may be tried again, kept in the journal so that a
 * {@link PayoutService} that starts on another node (the payout duty moved) or after a restart goes on
 * waiting where the last one stopped, instead of trying every failing destination at once. One entity
 * for the club (sharded, so a cluster has one writer).
 */
public final class PayoutBackoffs extends EventSourcedBehaviorWithEnforcedReplies<PayoutBackoffs.Command,
        PayoutBackoffs.Event, PayoutBackoffs.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "PayoutBackoffs");
    public static final String ENTITY_ID = "club";

    public sealed interface Command extends CborSerializable {
    }

    /** A payout to {@code payee} (its kind and id) failed for the {@code failures}-th time in a row. */
    public record RecordFailure(String payee, Backoff backoff, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** A payout to {@code payee} settled: it is no longer waited for. */
    public record RecordSuccess(String payee, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record GetAll(ActorRef<State> replyTo) implements Command {
    }

    /**
     * @param failures    failed payouts in a row
     * @param untilMillis no new payout before this
     * @param destination the destination that failed; a payee that changes it is tried again at once
     */
    public record Backoff(int failures, long untilMillis, String destination) implements CborSerializable {
    }

    public sealed interface Event extends CborSerializable {
    }

    public record PayoutDestinationFailed(String payee, Backoff backoff) implements Event {
    }

    public record PayoutDestinationRecovered(String payee) implements Event {
    }

    /** @param waiting the payees waited for, by kind and id */
    public record State(Map<String, Backoff> waiting) implements CborSerializable {
        static final State EMPTY = new State(Map.of());

        State with(String payee, Backoff b) {
            Map<String, Backoff> w = new TreeMap<>(waiting);
            w.put(payee, b);
            return new State(Map.copyOf(w));
        }

        State without(String payee) {
            Map<String, Backoff> w = new TreeMap<>(waiting);
            w.remove(payee);
            return new State(Map.copyOf(w));
        }
    }

    public static void initSharding(ActorSystem<?> system) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> new PayoutBackoffs()));
    }

    public static Behavior<Command> create() {
        return new PayoutBackoffs();
    }

    private PayoutBackoffs() {
        super(PersistenceId.of(TYPE_KEY.name(), ENTITY_ID), JournalFailures.RESTART);
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(RecordFailure.class, (state, c) -> c.payee() == null || c.backoff() == null || c.backoff().failures() < 1
                        ? Effect().reply(c.replyTo(), StatusReply.error("a failure needs its payee and a count from 1"))
                        : Effect().persist(new PayoutDestinationFailed(c.payee(), c.backoff()))
                                .thenReply(c.replyTo(), s -> StatusReply.ack()))
                .onCommand(RecordSuccess.class, (state, c) -> state.waiting().containsKey(c.payee())
                        ? Effect().persist(new PayoutDestinationRecovered(c.payee())).thenReply(c.replyTo(), s -> StatusReply.ack())
                        : Effect().reply(c.replyTo(), StatusReply.ack()))
                .onCommand(GetAll.class, (state, c) -> Effect().reply(c.replyTo(), state))
                .build();
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(PayoutDestinationFailed.class, (state, e) -> state.with(e.payee(), e.backoff()))
                .onEvent(PayoutDestinationRecovered.class, (state, e) -> state.without(e.payee()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }
}
