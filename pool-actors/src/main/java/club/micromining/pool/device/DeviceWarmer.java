package club.micromining.pool.device;

import club.micromining.stratum.session.Authorization;
import club.micromining.stratum.session.DeviceListener;
import club.micromining.stratum.session.WorkerName;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.stream.OverflowStrategy;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;

/**
 * Starts the entity of a device that just authorized, a bounded number at a time, so that its recovery is
 * over before its first share comes (a BitAxe needs seconds to find one) instead of in the share's path.
 * A node that takes back thousands of devices at once recovers them in the background, a bounded number a
 * second, never all at once; a device whose start is not done yet when its first share arrives simply waits
 * for it. Nothing is written.
 */
public final class DeviceWarmer {
    private final SourceQueueWithComplete<WorkerName> queue;

    /**
     * @param parallelism entities starting at once
     * @param perSecond   entities started a second at most
     * @param timeout     how long one start may take before the warmer moves on (the share path still works)
     */
    public DeviceWarmer(ActorSystem<?> system, int parallelism, int perSecond, Duration timeout) {
        ClusterSharding sharding = ClusterSharding.get(system);
        // A device that reconnects in a storm may be asked for twice: harmless, the second is answered at once.
        this.queue = Source.<WorkerName>queue(100_000, OverflowStrategy.dropNew())
                .throttle(perSecond, Duration.ofSeconds(1))
                .mapAsyncUnordered(parallelism, device -> sharding.entityRefFor(DeviceEntity.TYPE_KEY, device.deviceId())
                        .<DeviceState>ask(DeviceEntity.GetState::new, timeout)
                        .handle((state, error) -> Done.getInstance()))
                .to(Sink.ignore())
                .run(system);
    }

    /** The same listener, with every authorized device's entity started in the background. */
    public DeviceListener warming(DeviceListener listener) {
        return new DeviceListener() {
            @Override
            public void connected(Authorization a) {
                listener.connected(a);
                queue.offer(a.device());
            }

            @Override
            public void disconnected(WorkerName device, long atMillis) {
                listener.disconnected(device, atMillis);
            }
        };
    }
}
