package club.micromining.pool.member;

import club.micromining.pool.CborSerializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * One member account: its devices and its balance in millisatoshi. Devices' accruals reach it through
 * a projection of the device events, at least once and in batches (one command and one event per batch,
 * however many of its devices mined); each accrual names the device event it comes from, and one the
 * member already has is acknowledged without being applied again.
 */
public final class MemberEntity extends EventSourcedBehaviorWithEnforcedReplies<MemberEntity.Command, MemberEntity.Event, MemberState> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Member");
    public static final String TAG = "member";

    private final int snapshotEvery;

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Credits what the account's devices' events earned; each accrual names the device event (its
     * sequence number) it comes from, so a batch delivered again, whole or in part, is credited once.
     */
    public record CreditAccruals(List<DeviceAccruals> devices, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** One device's accruals, in the order of its events. */
    public record DeviceAccruals(String worker, List<Accrual> accruals) implements CborSerializable {
    }

    /** What one device event earned. */
    public record Accrual(long deviceSeqNr, long msat) implements CborSerializable {
    }

    public record GetMember(ActorRef<MemberState> replyTo) implements Command {
    }

    public sealed interface Event extends CborSerializable {
    }

    /** New accruals of some of the account's devices, summed per device. */
    public record AccrualsCredited(List<Credit> credits) implements Event {
    }

    /** A device's accruals up to {@code upToDeviceSeqNr} that were not credited before, summed. */
    public record Credit(String worker, long upToDeviceSeqNr, long msat) implements CborSerializable {
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
                .onCommand(CreditAccruals.class, this::credit)
                .onCommand(GetMember.class, (state, c) -> Effect().reply(c.replyTo(), state))
                .build();
    }

    private ReplyEffect<Event, MemberState> credit(MemberState state, CreditAccruals c) {
        List<Credit> credits = new ArrayList<>();
        for (DeviceAccruals device : c.devices()) {
            long sum = 0;
            long upTo = 0;
            for (Accrual a : device.accruals()) {
                if (a.msat() < 0) {
                    return Effect().reply(c.replyTo(),
                            StatusReply.error("negative accrual for " + device.worker() + " event " + a.deviceSeqNr()));
                }
                if (!state.alreadyCredited(device.worker(), a.deviceSeqNr())) {
                    sum = Math.addExact(sum, a.msat());
                    upTo = Math.max(upTo, a.deviceSeqNr());
                }
            }
            if (upTo > 0) {
                credits.add(new Credit(device.worker(), upTo, sum));
            }
        }
        if (credits.isEmpty()) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        return Effect().persist(new AccrualsCredited(credits)).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    @Override
    public EventHandler<MemberState, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(AccrualsCredited.class, (state, e) -> state.credited(e.credits()))
                .build();
    }

    @Override
    public Set<String> tagsFor(Event event) {
        return Set.of(TAG);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
    }
}
