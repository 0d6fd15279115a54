package club.micromining.ops.cluster;

import club.micromining.pool.SingleNodeCluster;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings a started node into its cluster: its own, the seeds', or the one its Kubernetes pods form. */
public final class ClusterFormation {
    private static final Logger log = LoggerFactory.getLogger(ClusterFormation.class);

    private ClusterFormation() {
    }

    public static void join(ActorSystem<?> system, ClusterSettings settings) {
        switch (settings.discovery()) {
            case KUBERNETES -> {
                PekkoManagement.get(system).start();
                ClusterBootstrap.get(system).start();
                log.info("Cluster {}: looking for pods {} through the Kubernetes API (bootstrap on port {})", settings.name(),
                        settings.podSelector(), settings.bootstrapPort());
            }
            case NONE -> {
                if (settings.seeds().isEmpty()) {
                    SingleNodeCluster.join(system);
                } else {
                    // Pekko contacts the seeds itself (pekko.cluster.seed-nodes).
                    log.info("Cluster {}: joining through seeds {}", settings.name(), String.join(", ", settings.seeds()));
                }
            }
        }
    }
}
