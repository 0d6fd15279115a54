package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.TestDatabases;
import club.micromining.persistence.db.DatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three node processes on one PostgreSQL, joined through seeds, each with simulated devices: one cluster,
 * node ids the cluster gave (no two devices anywhere share an extranonce1 prefix), the payouts and the
 * ledger's duties on one node only. The node that runs them is killed with SIGKILL: the split brain
 * resolver downs it, another node takes the duties over, the pool keeps accepting shares, and the node
 * started again rejoins with its own id.
 */
class ClusterNodeTest {
    private static final Pattern METRIC = Pattern.compile("^(micromining_cluster_[a-z_]+)\\S*\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);
    private static final String DUTIES = "Running payouts-and-donations for the cluster on this node";

    /** A node process and what it printed. */
    private static final class Node {
        final Map<String, String> env;
        final int stratum;
        final int api;
        Process process;
        final Queue<String> lines = new ConcurrentLinkedQueue<>();

        Node(Map<String, String> env, int stratum, int api) {
            this.env = env;
            this.stratum = stratum;
            this.api = api;
        }

        void start() throws Exception {
            lines.clear();
            process = PoolProcessTest.start(env, "run", "--simulate", "2");
            Process p = process;
            Thread pump = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (Exception e) {
                    // the process ended
                }
            }, "node-output-" + stratum);
            pump.setDaemon(true);
            pump.start();
        }

        boolean printed(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        Map<String, Double> cluster() {
            Map<String, Double> m = new java.util.HashMap<>();
            try {
                Matcher x = METRIC.matcher(TestNodes.get(api, "/metrics").body());
                while (x.find()) {
                    m.put(x.group(1), Double.parseDouble(x.group(2)));
                }
            } catch (Exception e) {
                // not listening yet
            }
            return m;
        }

        double metric(String name) {
            return cluster().getOrDefault(name, -1.0);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }

        /** The node id in the first two bytes of the extranonce1 it gives a new connection. */
        int prefix() throws Exception {
            try (Socket s = new Socket("127.0.0.1", stratum)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                out.write("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"bitaxe/BM1366/v2.4.0\"]}\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                JsonNode reply = new ObjectMapper().readTree(new BufferedReader(new InputStreamReader(s.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine());
                return Integer.parseInt(reply.get("result").get(1).asText().substring(0, 4), 16);
            }
        }
    }

    private final List<Node> nodes = new ArrayList<>();

    private void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                for (Node n : nodes) {
                    System.out.println("---- node on " + n.stratum + " (" + n.cluster() + ")");
                    n.lines.stream().skip(Math.max(0, n.lines.size() - 40)).forEach(System.out::println);
                }
            }
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static long accepted(Node n) {
        try {
            return TestNodes.json(n.api, "/api/pool").path("shares").path("accepted").asLong();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void threeNodesShareTheWorkAndOneKilledIsDownedItsDutiesTakenOverAndItRejoins() throws Exception {
        DatabaseSettings pg = TestDatabases.postgres();
        int[] clusterPorts = {TestNodes.freePort(), TestNodes.freePort(), TestNodes.freePort()};
        String seeds = "127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1];
        for (int i = 0; i < 3; i++) {
            int stratum = TestNodes.freePort();
            int api = TestNodes.freePort();
            Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-cluster-" + i), stratum, api);
            env.put("POOL_DB_URL", pg.url());
            env.put("POOL_DB_USER", pg.user());
            env.put("POOL_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
            env.put("POOL_CLUSTER_SEEDS", seeds);
            env.put("POOL_CLUSTER_STABLE_AFTER", "5s");
            env.put("POOL_SIMULATE_HASHRATE", "20000");
            nodes.add(new Node(env, stratum, api));
        }
        try {
            nodes.get(0).start();
            await("the first seed forms the cluster", 90, () -> nodes.get(0).metric("micromining_cluster_members") == 1);
            nodes.get(1).start();
            nodes.get(2).start();
            for (Node n : nodes) {
                await("three members, seen by every node", 120, () -> n.metric("micromining_cluster_members") == 3);
            }
            Set<Integer> prefixes = new HashSet<>();
            for (Node n : nodes) {
                prefixes.add(n.prefix());
            }
            assertThat(prefixes).as("node ids given by the cluster, one each").containsExactlyInAnyOrder(0, 1, 2);

            await("the pool accepts shares", 60, () -> accepted(nodes.get(1)) > 0);
            List<Node> running = nodes.stream().filter(n -> n.metric("micromining_cluster_singletons_here") == 1).toList();
            assertThat(running).as("the singletons on one node").hasSize(1);
            Node oldest = running.get(0);
            await("its duties start there", 30, () -> oldest.printed(DUTIES));
            assertThat(nodes.stream().filter(n -> n.printed(DUTIES)).count()).as("payouts run on one node only").isEqualTo(1);

            long before = accepted(nodes.stream().filter(n -> n != oldest).findFirst().orElseThrow());
            long killed = System.nanoTime();
            oldest.kill();
            List<Node> survivors = nodes.stream().filter(n -> n != oldest).toList();
            for (Node n : survivors) {
                await("the killed node is downed and removed", 60, () -> n.metric("micromining_cluster_members") == 2
                        && n.metric("micromining_cluster_unreachable") == 0);
            }
            await("another node takes the duties over", 60, () -> survivors.stream().anyMatch(n -> n.printed(DUTIES)));
            double takeover = (System.nanoTime() - killed) / 1e9;
            assertThat(survivors.stream().filter(n -> n.printed(DUTIES)).count()).isEqualTo(1);
            await("the pool keeps accepting shares", 60, () -> accepted(survivors.get(0)) > before + 10);
            System.out.printf("cluster: duties taken over %.1f s after the SIGKILL%n", takeover);

            oldest.start();
            for (Node n : nodes) {
                await("the node started again rejoins", 120, () -> n.metric("micromining_cluster_members") == 3);
            }
            assertThat(oldest.metric("micromining_cluster_singletons_here")).as("the duties stay where they went").isZero();
        } finally {
            for (Node n : nodes) {
                n.stop();
            }
        }
    }
}
