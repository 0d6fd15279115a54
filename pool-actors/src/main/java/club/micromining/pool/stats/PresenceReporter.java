package club.micromining.pool.stats;

import club.micromining.stratum.session.Authorization;
import club.micromining.stratum.session.DeviceListener;
import club.micromining.stratum.session.WorkerName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Which devices are connected to this node, written to its pool-stats entity in batches: every interval
 * one event with each device's change since the last one. A device's authorize waits for nothing, and a
 * node that takes back thousands of devices at once writes a few events, not one per device. The first
 * write says the node started, so connections it held before a crash no longer count.
 */
public final class PresenceReporter {
    public sealed interface Command {
    }

    private record Changed(String device, int delta, long atMillis, String userAgent) implements Command {
    }

    private enum Tick implements Command { INSTANCE }

    private record Written(List<PoolStatsEntity.PresenceChange> changes, Throwable error) implements Command {
    }

    private record Started(Throwable error) implements Command {
    }

    /** One device's change waiting to be written. */
    private static final class Pending {
        int delta;
        long lastConnectedAt;
        String userAgent;
    }

    private final ActorContext<Command> ctx;
    private final ActorRef<PoolStatsEntity.Command> entity;
    private final Duration askTimeout;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private boolean started;
    private boolean writing;

    private PresenceReporter(ActorContext<Command> ctx, ActorRef<PoolStatsEntity.Command> entity, Duration askTimeout) {
        this.ctx = ctx;
        this.entity = entity;
        this.askTimeout = askTimeout;
    }

    /**
     * @param interval   how often the changes are written
     * @param askTimeout how long a write may take to be acknowledged (a write not acknowledged goes again)
     */
    public static Behavior<Command> create(ActorRef<PoolStatsEntity.Command> entity, Duration interval, Duration askTimeout) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
            PresenceReporter r = new PresenceReporter(ctx, entity, askTimeout);
            r.startNode();
            return r.behavior();
        }));
    }

    /** What the mining edge tells of its devices; it only hands over to the reporter. */
    public static DeviceListener listener(ActorRef<Command> reporter) {
        return new DeviceListener() {
            @Override
            public void connected(Authorization a) {
                reporter.tell(new Changed(a.device().deviceId(), 1, a.atMillis(), a.userAgent().isEmpty() ? null : a.userAgent()));
            }

            @Override
            public void disconnected(WorkerName device, long atMillis) {
                reporter.tell(new Changed(device.deviceId(), -1, 0, null));
            }
        };
    }

    private void startNode() {
        long at = System.currentTimeMillis();
        ctx.askWithStatus(Done.class, entity, askTimeout, replyTo -> new PoolStatsEntity.RecordNodeStarted(at, replyTo),
                (done, error) -> new Started(error));
    }

    private Behavior<Command> behavior() {
        return Behaviors.receive(Command.class)
                .onMessage(Changed.class, c -> {
                    Pending p = pending.computeIfAbsent(c.device(), d -> new Pending());
                    p.delta += c.delta();
                    p.lastConnectedAt = Math.max(p.lastConnectedAt, c.atMillis());
                    if (c.userAgent() != null) {
                        p.userAgent = c.userAgent();
                    }
                    return Behaviors.same();
                })
                .onMessage(Started.class, s -> {
                    if (s.error() == null) {
                        started = true;
                    } else {
                        ctx.getLog().warn("The node's start could not be written ({}); trying again", s.error().toString());
                        startNode();
                    }
                    return Behaviors.same();
                })
                .onMessage(Tick.class, t -> {
                    write();
                    return Behaviors.same();
                })
                .onMessage(Written.class, w -> {
                    writing = false;
                    if (w.error() != null) {
                        ctx.getLog().warn("Device connections could not be written ({}); they go with the next report",
                                w.error().toString());
                        for (PoolStatsEntity.PresenceChange c : w.changes()) {
                            Pending p = pending.computeIfAbsent(c.device(), d -> new Pending());
                            p.delta += c.delta();
                            p.lastConnectedAt = Math.max(p.lastConnectedAt, c.lastConnectedAt());
                            if (p.userAgent == null) {
                                p.userAgent = c.userAgent();
                            }
                        }
                    }
                    return Behaviors.same();
                })
                .build();
    }

    /** One batch at a time, after the node's start is written: changes are applied in the order they happened. */
    private void write() {
        if (!started || writing || pending.isEmpty()) {
            return;
        }
        List<PoolStatsEntity.PresenceChange> changes = new ArrayList<>(pending.size());
        pending.forEach((device, p) -> {
            if (p.delta != 0 || p.lastConnectedAt != 0) {
                changes.add(new PoolStatsEntity.PresenceChange(device, p.delta, p.lastConnectedAt, p.userAgent));
            }
        });
        pending.clear();
        if (changes.isEmpty()) {
            return;
        }
        writing = true;
        long at = System.currentTimeMillis();
        ctx.askWithStatus(Done.class, entity, askTimeout, replyTo -> new PoolStatsEntity.RecordPresence(changes, at, replyTo),
                (done, error) -> new Written(changes, error));
    }
}
