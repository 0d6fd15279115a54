package club.micromining.ops.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.common.config.SettingsException;
import club.micromining.ops.PoolNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a node finds its cluster, read from its settings; a wrong one stops start-up naming it. */
class ClusterSettingsTest {

    private static Config config(Map<String, String> env) {
        return ConfigFactory.parseMap(env).withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
    }

    @Test
    void aNodeWithNoSeedsIsACLusterOfItsOwnWithTheResolverSwitchedOn() {
        ClusterSettings s = ClusterSettings.fromConfig(config(Map.of()));
        assertThat(s.clustered()).isFalse();
        assertThat(s.downing()).isEqualTo(ClusterSettings.Downing.KEEP_MAJORITY);
        assertThat(s.stableAfter()).isEqualTo(Duration.ofSeconds(7));
        Config pekko = s.pekkoConfig();
        assertThat(pekko.getString("pekko.cluster.downing-provider-class")).isEqualTo("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
        assertThat(pekko.getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("keep-majority");
        assertThat(pekko.getInt("pekko.cluster.sharding.number-of-shards")).isEqualTo(100);
        assertThat(pekko.getStringList("pekko.cluster.seed-nodes")).isEmpty();
    }

    @Test
    void seedsBecomePekkoAddressesInTheClustersName() {
        ClusterSettings s = ClusterSettings.fromConfig(config(Map.of("POOL_CLUSTER_SEEDS", "10.0.0.1:25520, node-b.local:25521",
                "POOL_CLUSTER_NAME", "club-pool", "POOL_CLUSTER_SHARDS", "300", "POOL_CLUSTER_STABLE_AFTER", "15s")));
        assertThat(s.clustered()).isTrue();
        Config pekko = s.pekkoConfig();
        assertThat(pekko.getStringList("pekko.cluster.seed-nodes"))
                .containsExactly("pekko://club-pool@10.0.0.1:25520", "pekko://club-pool@node-b.local:25521");
        assertThat(pekko.getInt("pekko.cluster.sharding.number-of-shards")).isEqualTo(300);
        assertThat(pekko.getDuration("pekko.cluster.split-brain-resolver.stable-after")).isEqualTo(Duration.ofSeconds(15));
        assertThat(pekko.getInt("pekko.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit")).isEqualTo(10);
    }

    @Test
    void kubernetesDiscoveryAndItsLease() {
        ClusterSettings s = ClusterSettings.fromConfig(config(Map.of("POOL_CLUSTER_DISCOVERY", "kubernetes",
                "POOL_CLUSTER_DOWNING", "lease-majority")));
        assertThat(s.clustered()).isTrue();
        assertThat(s.pekkoConfig().getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("lease-majority");
        assertThat(s.pekkoConfig().getString("pekko.discovery.kubernetes-api.pod-label-selector")).isEqualTo("app=micromining-pool");
    }

    @Test
    void wrongSettingsAreNamed() {
        for (Map.Entry<Map<String, String>, List<String>> wrong : Map.of(
                Map.of("POOL_CLUSTER_SEEDS", "10.0.0.1"), List.of("POOL_CLUSTER_SEEDS", "host:port", "10.0.0.1"),
                Map.of("POOL_CLUSTER_SEEDS", "a:1", "POOL_CLUSTER_DISCOVERY", "kubernetes"), List.of("POOL_CLUSTER_DISCOVERY", "not both"),
                Map.of("POOL_CLUSTER_DISCOVERY", "dns"), List.of("POOL_CLUSTER_DISCOVERY", "kubernetes", "dns"),
                Map.of("POOL_CLUSTER_DOWNING", "lease-majority"), List.of("POOL_CLUSTER_DOWNING", "POOL_CLUSTER_DISCOVERY=kubernetes"),
                Map.of("POOL_CLUSTER_DOWNING", "keep-oldest"), List.of("POOL_CLUSTER_DOWNING", "keep-oldest"),
                Map.of("POOL_CLUSTER_NAME", "club pool"), List.of("POOL_CLUSTER_NAME", "club pool"),
                Map.of("POOL_CLUSTER_STABLE_AFTER", "1s"), List.of("POOL_CLUSTER_STABLE_AFTER")).entrySet()) {
            assertThatThrownBy(() -> ClusterSettings.fromConfig(config(wrong.getKey()))).as(wrong.getKey().toString())
                    .isInstanceOf(SettingsException.class).hasMessageContainingAll(wrong.getValue().toArray(String[]::new));
        }
    }

    @Test
    void aClusterOnTheEmbeddedDatabaseStopsStartUpNamingPoolDbUrl() throws Exception {
        Config seeded = config(Map.of("POOL_DATA_DIR", Files.createTempDirectory("micromining-cluster-h2").toString(),
                "POOL_CLUSTER_SEEDS", "127.0.0.1:25520"));
        assertThatThrownBy(() -> PoolNode.start(seeded, 0).close()).isInstanceOf(SettingsException.class)
                .hasMessageContainingAll("POOL_DB_URL", "jdbc:postgresql://", "POOL_CLUSTER_SEEDS");
    }
}
