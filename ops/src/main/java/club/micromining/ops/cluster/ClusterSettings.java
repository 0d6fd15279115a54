package club.micromining.ops.cluster;

import club.micromining.common.config.ConfigReader;
import club.micromining.common.config.SettingsException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How this node finds and keeps its cluster.
 *
 * @param name           the cluster's name: the actor system's, so nodes of two clusters cannot join each other,
 *                       and the identity under which the cluster holds its database
 * @param seeds          {@code host:port} of the nodes a starting node contacts; empty with no discovery: a node of its own
 * @param discovery      how nodes find each other when there are no seeds
 * @param downing        how the split brain resolver decides which side of a partition lives on
 * @param stableAfter    how long membership must be unchanged before the resolver downs unreachable nodes
 * @param shards         shards per entity type: about ten times the most nodes the cluster will have
 * @param rebalanceLimit at most this many shards move per rebalance, so a joining node does not take everything at once
 * @param podSelector    Kubernetes label selector of the pool's pods (discovery = kubernetes)
 * @param contactPoints  pods bootstrap waits to see before the lowest-addressed forms a new cluster
 * @param bootstrapPort  Pekko Management's port, which bootstrap contacts on the other pods
 */
public record ClusterSettings(String name, List<String> seeds, Discovery discovery, Downing downing, Duration stableAfter,
                              int shards, int rebalanceLimit, String podSelector, int contactPoints, int bootstrapPort) {

    public enum Discovery { NONE, KUBERNETES }

    /** keep-majority (the default) and, on Kubernetes, lease-majority (the side holding a Kubernetes lease). */
    public enum Downing { KEEP_MAJORITY, LEASE_MAJORITY }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}");
    private static final Pattern HOST_PORT = Pattern.compile("([^\\s:,]+|\\[[0-9a-fA-F:]+\\]):(\\d{1,5})");

    /** Whether this node shares its cluster with others (and so needs a database they all reach). */
    public boolean clustered() {
        return !seeds.isEmpty() || discovery != Discovery.NONE;
    }

    public static ClusterSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        String c = "micromining.cluster.";
        String name = r.string(c + "name", "POOL_CLUSTER_NAME").trim();
        if (!NAME.matcher(name).matches()) {
            throw new SettingsException(c + "name", "POOL_CLUSTER_NAME",
                    "letters, digits, '-' and '_' (at most 63, starting with a letter or digit), was \"" + name + "\"");
        }
        List<String> seeds = new ArrayList<>();
        for (String seed : r.string(c + "seeds", "POOL_CLUSTER_SEEDS").split(",")) {
            String s = seed.trim();
            if (s.isEmpty()) {
                continue;
            }
            var m = HOST_PORT.matcher(s);
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                throw new SettingsException(c + "seeds", "POOL_CLUSTER_SEEDS",
                        "a comma-separated list of host:port (each node's POOL_CLUSTER_HOST:POOL_CLUSTER_PORT), was \"" + s + "\"");
            }
            seeds.add(s);
        }
        Discovery discovery = parse(Discovery.class, r.string(c + "discovery", "POOL_CLUSTER_DISCOVERY"), c + "discovery",
                "POOL_CLUSTER_DISCOVERY", "empty (seeds or a node of its own) or kubernetes");
        if (discovery != Discovery.NONE && !seeds.isEmpty()) {
            throw new SettingsException(c + "discovery", "POOL_CLUSTER_DISCOVERY",
                    "set either POOL_CLUSTER_SEEDS or POOL_CLUSTER_DISCOVERY, not both");
        }
        Downing downing = parse(Downing.class, r.string(c + "downing", "POOL_CLUSTER_DOWNING"), c + "downing",
                "POOL_CLUSTER_DOWNING", "keep-majority or lease-majority");
        if (downing == Downing.LEASE_MAJORITY && discovery != Discovery.KUBERNETES) {
            throw new SettingsException(c + "downing", "POOL_CLUSTER_DOWNING",
                    "lease-majority holds a Kubernetes lease: it needs POOL_CLUSTER_DISCOVERY=kubernetes");
        }
        return new ClusterSettings(name, List.copyOf(seeds), discovery, downing,
                r.duration(c + "stable-after", "POOL_CLUSTER_STABLE_AFTER", Duration.ofSeconds(4)),
                r.integer(c + "shards", "POOL_CLUSTER_SHARDS", 1, 100_000),
                r.integer(c + "rebalance-limit", "POOL_CLUSTER_REBALANCE_LIMIT", 1, 100_000),
                r.string(c + "kubernetes.pod-selector", "POOL_CLUSTER_POD_SELECTOR").trim(),
                r.integer(c + "kubernetes.contact-points", "POOL_CLUSTER_CONTACT_POINTS", 1, 100),
                r.integer(c + "kubernetes.bootstrap-port", "POOL_CLUSTER_BOOTSTRAP_PORT", 1, 65535));
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String path, String env, String expected) {
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (v.isEmpty()) {
            return type.getEnumConstants()[0];
        }
        try {
            return Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(path, env, expected + ", was \"" + value.trim() + "\"");
        }
    }

    /** The Pekko settings these make: seed nodes, the split brain resolver, sharding's shards, bootstrap. */
    public Config pekkoConfig() {
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        p.put("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds.stream().map(s -> "pekko://" + name + "@" + s).toList()));
        // Pekko downs nobody by default: an unreachable node would keep its shards (and their devices) forever.
        p.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
        p.put("pekko.cluster.split-brain-resolver.active-strategy", downing.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        p.put("pekko.cluster.split-brain-resolver.stable-after", stableAfter.toMillis() + "ms");
        p.put("pekko.cluster.split-brain-resolver.lease-majority.lease-implementation", "pekko.coordination.lease.kubernetes");
        p.put("pekko.cluster.sharding.number-of-shards", shards);
        p.put("pekko.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit", rebalanceLimit);
        p.put("pekko.management.http.port", bootstrapPort);
        p.put("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method", "kubernetes-api");
        p.put("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr", contactPoints);
        p.put("pekko.discovery.kubernetes-api.pod-label-selector", podSelector);
        return ConfigFactory.parseMap(p);
    }
}
