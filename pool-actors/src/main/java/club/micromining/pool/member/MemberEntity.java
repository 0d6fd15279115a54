package club.micromining.pool.member;

import club.micromining.pool.CborSerializable;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One member account: its devices and its balance in millisatoshi. Devices' accruals reach it through
 * a projection of the device events, at least once; each credit names the device event it comes from,
 * and a credit the member already has is acknowledged without being applied again.
 */
public final class MemberEntity extends EventSourcedBehaviorWithEnforcedReplies<MemberEntity.Command, MemberEntity.Event, MemberState> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Member");

    private final int snapshotEvery;

    public sealed interface Command extends CborSerializable {
    }

    /** Credits what a device event earned: {@code deviceSeqNr} is that event's sequence number. */
    public record CreditAccrual(String worker, long deviceSeqNr, long msat, ActorRef<Done> replyTo) implements Command {
    }

    public record GetMember(ActorRef<MemberState> replyTo) implements Command {
    }

    public sealed interface Event extends CborSerializable {
    }

    public record AccrualCredited(String worker, long deviceSeqNr, long msat) implements Event {
    }

    public static void initSharding(ActorSystem<?> system, int snapshotEvery) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), snapshotEvery)));
    }

    public static Behavior<Command> create(String account, int snapshotEvery) {
        return new MemberEntity(account, snapshotEvery);
    }

    private MemberEntity(String account, int snapshotEvery) {
        super(PersistenceId.of(TYPE_KEY.name(), account),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
        this.snapshotEvery = snapshotEvery;
    }

    @Override
    public MemberState emptyState() {
        return MemberState.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, MemberState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(CreditAccrual.class, this::credit)
                .onCommand(GetMember.class, (state, c) -> Effect().reply(c.replyTo(), state))
                .build();
    }

    private ReplyEffect<Event, MemberState> credit(MemberState state, CreditAccrual c) {
        if (c.msat() < 0) {
            throw new IllegalArgumentException("an accrual cannot be negative");
        }
        if (state.alreadyCredited(c.worker(), c.deviceSeqNr())) {
            return Effect().reply(c.replyTo(), Done.getInstance());
        }
        return Effect().persist(new AccrualCredited(c.worker(), c.deviceSeqNr(), c.msat()))
                .thenReply(c.replyTo(), s -> Done.getInstance());
    }

    @Override
    public EventHandler<MemberState, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(AccrualCredited.class, (state, e) -> state.credited(e.worker(), e.deviceSeqNr(), e.msat()))
                .build();
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(snapshotEvery, 2).withDeleteEventsOnSnapshot();
    }
}
