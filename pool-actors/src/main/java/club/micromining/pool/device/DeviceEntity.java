package club.micromining.pool.device;

import club.micromining.pool.CborSerializable;
import club.micromining.pool.JournalFailures;
import club.micromining.stratum.session.WorkerName;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
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
 * One mining device, {@code <account>.<worker>}: the record of its accepted shares.
 *
 * <p>The event-sourcing loop: a command is checked against the state and turned into events; the
 * events are persisted; the event handler folds them into the state; on start the journal (after the
 * latest snapshot) is replayed through the same handler. A share is confirmed to the miner only once its
 * {@link ShareAccepted} is in the journal.
 */
public final class DeviceEntity extends EventSourcedBehaviorWithEnforcedReplies<DeviceEntity.Command, DeviceEntity.Event, DeviceState> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Device");
    /** Projections read device events by these tags, one projection instance per tag. */
    public static final int TAG_COUNT = 4;

    private final String deviceId;
    private final int snapshotEvery;

    // ---- commands ----

    public sealed interface Command extends CborSerializable {
    }

    /**
     * Records an accepted share; the reply comes after it is persisted. A journal that fails the write
     * gives no reply (the entity restarts), so the share path's ask times out and the miner hears an error.
     */
    public record RecordShare(ShareRecord share, ActorRef<Recorded> replyTo) implements Command {
    }

    /**
     * Records shares that arrived together (while the device's previous write was in flight) in one write:
     * one persist of all their events, and one reply, after it, with each share's outcome in order. A
     * journal that fails the write fails all of them, and only them.
     */
    public record RecordShares(List<ShareRecord> shares, ActorRef<SharesRecorded> replyTo) implements Command {
    }

    /** Each share's outcome, in the order of {@link RecordShares#shares()}. */
    public record SharesRecorded(List<Recorded> outcomes) implements CborSerializable {
    }

    /** What became of a {@link RecordShare}. */
    public enum Recorded implements CborSerializable {
        /** The share is in the journal. */
        RECORDED,
        /** The entity already holds this share (sent again after a reconnect or a restart); nothing was written. */
        DUPLICATE
    }

    public record GetState(ActorRef<DeviceState> replyTo) implements Command {
    }

    // ---- events ----

    public sealed interface Event extends CborSerializable {
    }

    public record ShareAccepted(ShareRecord share) implements Event {
    }

    public record BestShareImproved(double difficulty, String jobId, long atMillis) implements Event {
    }

    /**
     * A connection of this device authorized, as journals written before connections were the node's
     * (PoolStatsEntity's presence) hold it; still replayed.
     */
    public record DeviceConnected(long atMillis) implements Event {
    }

    /** A connection of this device closed; as {@link DeviceConnected}, from older journals only. */
    public record DeviceDisconnected(long atMillis) implements Event {
    }

    public static void initSharding(ActorSystem<?> system, int snapshotEvery) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), snapshotEvery)));
    }

    public static Behavior<Command> create(String deviceId, int snapshotEvery) {
        return new DeviceEntity(deviceId, snapshotEvery);
    }

    /** The device whose events carry this persistence id. */
    public static WorkerName deviceOf(String persistenceId) {
        return WorkerName.ofDeviceId(persistenceId.substring(TYPE_KEY.name().length() + 1));
    }

    public static String tagFor(String deviceId) {
        return "device-" + Math.floorMod(deviceId.hashCode(), TAG_COUNT);
    }

    public static List<String> allTags() {
        List<String> tags = new ArrayList<>(TAG_COUNT);
        for (int i = 0; i < TAG_COUNT; i++) {
            tags.add("device-" + i);
        }
        return tags;
    }

    private DeviceEntity(String deviceId, int snapshotEvery) {
        super(PersistenceId.of(TYPE_KEY.name(), deviceId),
                JournalFailures.RESTART);
        this.deviceId = deviceId;
        this.snapshotEvery = snapshotEvery;
    }

    @Override
    public DeviceState emptyState() {
        return DeviceState.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, DeviceState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(RecordShare.class, this::recordShare)
                .onCommand(RecordShares.class, this::recordShares)
                .onCommand(GetState.class, (state, c) -> Effect().reply(c.replyTo(), state))
                .build();
    }

    private ReplyEffect<Event, DeviceState> recordShare(DeviceState state, RecordShare c) {
        List<Event> events = new ArrayList<>(2);
        List<Recorded> outcomes = accept(state, List.of(c.share()), events);
        if (events.isEmpty()) {
            return Effect().reply(c.replyTo(), outcomes.get(0));
        }
        return Effect().persist(events).thenReply(c.replyTo(), s -> outcomes.get(0));
    }

    private ReplyEffect<Event, DeviceState> recordShares(DeviceState state, RecordShares c) {
        List<Event> events = new ArrayList<>(c.shares().size() + 1);
        List<Recorded> outcomes = accept(state, c.shares(), events);
        SharesRecorded reply = new SharesRecorded(List.copyOf(outcomes));
        if (events.isEmpty()) {
            return Effect().reply(c.replyTo(), reply);
        }
        return Effect().persist(events).thenReply(c.replyTo(), s -> reply);
    }

    /**
     * The events of the shares this device does not hold yet (also not twice in one batch), and a better
     * best share once, after them; the outcome of each share in order.
     */
    private static List<Recorded> accept(DeviceState state, List<ShareRecord> shares, List<Event> events) {
        List<Recorded> outcomes = new ArrayList<>(shares.size());
        java.util.Set<String> batch = new java.util.HashSet<>();
        ShareRecord best = null;
        for (ShareRecord share : shares) {
            if (state.hasShare(share.identity()) || !batch.add(share.identity())) {
                outcomes.add(Recorded.DUPLICATE);
                continue;
            }
            events.add(new ShareAccepted(share));
            outcomes.add(Recorded.RECORDED);
            if (share.hashDifficulty() > state.bestDifficulty() && (best == null || share.hashDifficulty() > best.hashDifficulty())) {
                best = share;
            }
        }
        if (best != null) {
            events.add(new BestShareImproved(best.hashDifficulty(), best.jobId(), best.acceptedAtMillis()));
        }
        return outcomes;
    }

    @Override
    public EventHandler<DeviceState, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(ShareAccepted.class, (state, e) -> state.withShare(e.share()))
                .onEvent(BestShareImproved.class, (state, e) -> state.withBest(e.difficulty()))
                .onEvent(DeviceConnected.class, (state, e) -> state.connected(e.atMillis()))
                .onEvent(DeviceDisconnected.class, (state, e) -> state.disconnected())
                .build();
    }

    @Override
    public Set<String> tagsFor(Event event) {
        return Set.of(tagFor(deviceId));
    }

    /**
     * A snapshot every N events, so recovery replays at most N events. Old events are not deleted here:
     * the projections may not have read them yet; the journal cleanup deletes them once every
     * projection has.
     */
    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
    }
}
