package club.micromining.pool.stats;

import club.micromining.stratum.session.StratumStats;
import club.micromining.stratum.share.Rejection;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Every interval, writes the node's new rejections (by reason) to its pool-stats entity. A tally counts
 * as reported only once the entity acknowledged it; one that was not is part of the next report.
 */
public final class RejectionReporter {
    public sealed interface Command {
    }

    private enum Tick implements Command { INSTANCE }

    private record Reported(Map<Rejection, Long> upTo, Throwable error) implements Command {
    }

    private RejectionReporter() {
    }

    public static Behavior<Command> create(StratumStats stats, ActorRef<PoolStatsEntity.Command> entity, Duration interval) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
            Map<Rejection, Long> reported = new EnumMap<>(Rejection.class);
            // One report at a time, so a tally is never counted by two reports.
            boolean[] reporting = {false};
            return Behaviors.receive(Command.class)
                    .onMessage(Tick.class, tick -> {
                        if (reporting[0]) {
                            return Behaviors.same();
                        }
                        Map<Rejection, Long> now = new EnumMap<>(Rejection.class);
                        Map<String, Long> delta = new TreeMap<>();
                        for (Rejection r : Rejection.values()) {
                            long count = stats.rejected(r);
                            now.put(r, count);
                            long before = reported.getOrDefault(r, 0L);
                            if (count > before) {
                                delta.put(r.name(), count - before);
                            }
                        }
                        if (!delta.isEmpty()) {
                            reporting[0] = true;
                            long at = System.currentTimeMillis();
                            ctx.askWithStatus(Done.class, entity, interval,
                                    replyTo -> new PoolStatsEntity.RecordRejections(delta, at, replyTo),
                                    (done, error) -> new Reported(now, error));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Reported.class, r -> {
                        reporting[0] = false;
                        if (r.error() == null) {
                            r.upTo().forEach((k, v) -> reported.merge(k, v, Math::max));
                        } else {
                            ctx.getLog().warn("Rejected shares could not be written ({}); they go with the next report",
                                    r.error().toString());
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
