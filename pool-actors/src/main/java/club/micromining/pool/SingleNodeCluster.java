package club.micromining.pool;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/** A node with no seed nodes forms a cluster of its own, so sharding runs unchanged on one node. */
public final class SingleNodeCluster {
    private SingleNodeCluster() {
    }

    public static void join(ActorSystem<?> system) {
        Cluster cluster = Cluster.get(system);
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
    }
}
