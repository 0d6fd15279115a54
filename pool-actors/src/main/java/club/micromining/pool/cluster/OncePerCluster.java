package club.micromining.pool.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * Runs a {@link ClusterDuty} as a cluster singleton: on the oldest node only, handed to the next oldest
 * when that node leaves or is downed. On a node of its own the duty simply runs there.
 */
public final class OncePerCluster {

    /** The singleton takes no messages: it exists to start its duty and to stop it when it stops. */
    public interface Command {
    }

    private OncePerCluster() {
    }

    /**
     * @param name the singleton's name, the same on every node
     */
    public static void run(ActorSystem<?> system, String name, ClusterDuty duty) {
        ClusterSingleton.get(system).init(SingletonActor.of(behavior(name, duty), name));
    }

    static Behavior<Command> behavior(String name, ClusterDuty duty) {
        return Behaviors.setup(ctx -> {
            AtomicBoolean running = new AtomicBoolean(true);
            Runnable stop = () -> {
                if (running.compareAndSet(true, false)) {
                    duty.stop();
                }
            };
            duty.start();
            ctx.getLog().info("Running {} for the cluster on this node", name);
            // At a node's stop its duty ends with its services (before sharding hands the entities over), not
            // only when the singleton itself stops later in the cluster's leave.
            org.apache.pekko.actor.Cancellable atStop = CoordinatedShutdown.get(ctx.getSystem()).addCancellableTask(
                    CoordinatedShutdown.PhaseServiceStop(), "stop-" + name, () -> {
                        stop.run();
                        return CompletableFuture.completedFuture(Done.getInstance());
                    });
            return Behaviors.receive(Command.class)
                    .onSignal(PostStop.class, signal -> {
                        atStop.cancel();
                        stop.run();
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
