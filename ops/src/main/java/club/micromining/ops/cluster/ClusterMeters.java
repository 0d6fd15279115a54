package club.micromining.ops.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** The cluster as this node sees it: members up, members unreachable, and whether the singletons live here. */
public final class ClusterMeters implements MeterBinder {
    // The registry keeps its gauges' objects only weakly: these are held strongly, as nothing else holds this binder.
    private final Cluster cluster;

    public ClusterMeters(ActorSystem<?> system) {
        this.cluster = Cluster.get(system);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("micromining.cluster.members", this, m -> m.up())
                .description("Cluster members up, as this node sees them").strongReference(true).register(registry);
        Gauge.builder("micromining.cluster.unreachable", this, m -> m.cluster.state().getUnreachable().size())
                .description("Cluster members this node cannot reach (the split brain resolver downs them once membership is stable)")
                .strongReference(true).register(registry);
        Gauge.builder("micromining.cluster.self.up", this, m -> m.cluster.selfMember().status() == MemberStatus.up() ? 1 : 0)
                .description("1 while this node is an up member of its cluster").strongReference(true).register(registry);
        Gauge.builder("micromining.cluster.singletons.here", this, m -> m.singletonsHere() ? 1 : 0)
                .description("1 on the node that runs the cluster's singletons (payouts, ledger, job duties): the oldest up member")
                .strongReference(true).register(registry);
    }

    private int up() {
        int n = 0;
        for (Member m : cluster.state().getMembers()) {
            if (m.status() == MemberStatus.up()) {
                n++;
            }
        }
        return n;
    }

    /** Whether this node is the oldest up member, where cluster singletons run. */
    public boolean singletonsHere() {
        CurrentClusterState state = cluster.state();
        Member oldest = null;
        for (Member m : state.getMembers()) {
            if (m.status() == MemberStatus.up() && (oldest == null || m.isOlderThan(oldest))) {
                oldest = m;
            }
        }
        return oldest != null && oldest.uniqueAddress().equals(cluster.selfMember().uniqueAddress());
    }
}
