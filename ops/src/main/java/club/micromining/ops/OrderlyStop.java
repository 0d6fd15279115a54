package club.micromining.ops;

import club.micromining.ops.simulate.SimulatedFleet;
import club.micromining.stratum.MiningEdge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The steps of a stop that only the node knows of, in Pekko's coordinated shutdown: listeners unbound,
 * then every share already read answered, then the miners' connections closed. The Guardian adds the
 * domain's steps; sharding then stops the entities and the projections, and the actor system ends.
 */
final class OrderlyStop {
    private OrderlyStop() {
    }

    /**
     * @param fleet the simulated devices, or null
     * @param web   the web app's server, or null
     */
    static void register(ActorSystem<?> system, MiningEdge edge, SimulatedFleet fleet, Duration recordTimeout, AutoCloseable web,
                         ServerBinding... listeners) {
        CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
        shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "stop-taking-miners", () -> {
            if (fleet != null) {
                fleet.close();
            }
            List<CompletableFuture<?>> unbound = new ArrayList<>();
            unbound.add(edge.unbind().toCompletableFuture());
            for (ServerBinding l : listeners) {
                unbound.add(l.unbind().toCompletableFuture());
            }
            if (web != null) {
                unbound.add(CompletableFuture.runAsync(() -> {
                    try {
                        web.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            return CompletableFuture.allOf(unbound.toArray(new CompletableFuture<?>[0])).thenApply(v -> Done.getInstance());
        });
        // A share's answer waits at most twice the record timeout (asked once more after the first), so this never
        // waits longer.
        shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "answer-shares-in-flight", () -> edge.drain()
                .toCompletableFuture().completeOnTimeout(null, recordTimeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(v -> Done.getInstance()));
        shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "close-connections", () -> {
            edge.close();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
    }
}
