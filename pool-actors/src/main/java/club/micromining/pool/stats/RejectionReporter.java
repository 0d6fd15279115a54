package club.micromining.pool.stats;

import club.micromining.stratum.session.StratumStats;
import club.micromining.stratum.share.Rejection;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** Every interval, writes the node's new rejections (by reason) to its pool-stats entity. */
public final class RejectionReporter {
    private enum Tick { INSTANCE }

    private RejectionReporter() {
    }

    public static Behavior<Object> create(StratumStats stats, ActorRef<PoolStatsEntity.Command> entity, Duration interval) {
        return Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
            Map<Rejection, Long> reported = new EnumMap<>(Rejection.class);
            return Behaviors.receiveMessage(msg -> {
                Map<String, Long> delta = new TreeMap<>();
                for (Rejection r : Rejection.values()) {
                    long now = stats.rejected(r);
                    long before = reported.getOrDefault(r, 0L);
                    if (now > before) {
                        delta.put(r.name(), now - before);
                        reported.put(r, now);
                    }
                }
                if (!delta.isEmpty()) {
                    entity.tell(new PoolStatsEntity.RecordRejections(delta, System.currentTimeMillis()));
                }
                return Behaviors.same();
            });
        });
    }
}
