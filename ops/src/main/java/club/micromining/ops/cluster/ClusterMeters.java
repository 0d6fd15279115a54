package club.micromining.ops.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * The cluster as this node sees it: members up, members unreachable, whether the singletons live here, and
 * the shards and entities of each sharded type on this node (asked of the shard regions every few seconds).
 */
public final class ClusterMeters implements MeterBinder {
    private static final Duration SHARDS_EVERY = Duration.ofSeconds(5);
    // The registry keeps its gauges' objects only weakly: these are held strongly, as nothing else holds this binder.
    private final Cluster cluster;
    private final ActorSystem<?> system;
    /** Per sharded type: {shards, entities} on this node at the last look. */
    private final Map<String, int[]> shards = new ConcurrentHashMap<>();

    public ClusterMeters(ActorSystem<?> system) {
        this.system = system;
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
        system.scheduler().scheduleWithFixedDelay(SHARDS_EVERY, SHARDS_EVERY, () -> countShards(registry), system.executionContext());
    }

    private void countShards(MeterRegistry registry) {
        ClusterSharding sharding = ClusterSharding.get(Adapter.toClassic(system));
        for (String type : sharding.getShardTypeNames()) {
            Patterns.ask(sharding.shardRegion(type), ShardRegion.getShardRegionStateInstance(), SHARDS_EVERY)
                    .whenComplete((reply, error) -> {
                        if (!(reply instanceof ShardRegion.CurrentShardRegionState state)) {
                            return;
                        }
                        int entities = 0;
                        for (ShardRegion.ShardState shard : state.getShards()) {
                            entities += shard.getEntityIds().size();
                        }
                        int[] counted = {state.getShards().size(), entities};
                        if (shards.put(type, counted) == null) {
                            Gauge.builder("micromining.cluster.shards", this, m -> m.shards.get(type)[0]).tag("type", type)
                                    .description("Shards of this sharded type on this node").strongReference(true).register(registry);
                            Gauge.builder("micromining.cluster.entities", this, m -> m.shards.get(type)[1]).tag("type", type)
                                    .description("Entities of this sharded type running on this node").strongReference(true)
                                    .register(registry);
                        }
                    });
        }
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
