package club.micromining.pool.alerts;

import club.micromining.pool.facade.ReadSide;
import club.micromining.pool.member.MemberEntity;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the devices of every account with alerts on, once an interval, and hands each account's to its
 * member entity, which raises what they call for (once) as events. One look at a time.
 */
public final class AlertWatcher {
    private static final Logger log = LoggerFactory.getLogger(AlertWatcher.class);

    public sealed interface Command {
    }

    private enum Tick implements Command { INSTANCE }

    private record Looked(List<ReadSide.AlertSubject> subjects, Throwable error) implements Command {
    }

    private AlertWatcher() {
    }

    public static Behavior<Command> create(ReadSide readSide, Executor blocking, Duration interval, Duration askTimeout) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
            return idle(ctx, readSide, blocking, askTimeout);
        }));
    }

    private static Behavior<Command> idle(ActorContext<Command> ctx, ReadSide readSide, Executor blocking, Duration askTimeout) {
        return Behaviors.receive(Command.class)
                .onMessage(Tick.class, t -> {
                    ctx.pipeToSelf(CompletableFuture.supplyAsync(readSide::alertSubjects, blocking), Looked::new);
                    return looking(ctx, readSide, blocking, askTimeout);
                })
                .onMessage(Looked.class, l -> Behaviors.same())
                .build();
    }

    private static Behavior<Command> looking(ActorContext<Command> ctx, ReadSide readSide, Executor blocking, Duration askTimeout) {
        ClusterSharding sharding = ClusterSharding.get(ctx.getSystem());
        return Behaviors.receive(Command.class)
                .onMessage(Tick.class, t -> Behaviors.same())
                .onMessage(Looked.class, l -> {
                    if (l.error() != null) {
                        log.warn("Alerts could not be checked: {}", l.error().toString());
                        return idle(ctx, readSide, blocking, askTimeout);
                    }
                    long now = System.currentTimeMillis();
                    for (ReadSide.AlertSubject s : l.subjects()) {
                        sharding.entityRefFor(MemberEntity.TYPE_KEY, s.account())
                                .<Done>askWithStatus(r -> new MemberEntity.CheckAlerts(s.devices(), now, r), askTimeout)
                                .whenComplete((done, error) -> {
                                    if (error != null) {
                                        log.warn("Alerts of {} could not be checked: {}", s.account(), error.toString());
                                    }
                                });
                    }
                    return idle(ctx, readSide, blocking, askTimeout);
                })
                .build();
    }
}
