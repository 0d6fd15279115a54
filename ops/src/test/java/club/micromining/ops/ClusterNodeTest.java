package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.TestDatabases;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.stratum.client.SimulatedMiner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

/**
 * Three node processes on one PostgreSQL, joined through seeds, with simulated BitAxes in this JVM spread
 * over all three (each with the other two nodes as its fallback pools, as ESP-Miner has): one cluster, node
 * ids the cluster gave (no two devices anywhere share an extranonce1 prefix), one job source whose jobs every
 * node hands out under the same ids, and the payouts and the ledger's duties on one node only.
 *
 * <p>The node that runs them is killed with SIGKILL: the split brain resolver downs it, another node starts
 * the job source and the duties, its devices mine on their fallbacks. Started again it rejoins with its own id
 * and shards move to it. Then the node that took the duties over leaves with SIGTERM: its devices are asked to
 * reconnect and mine on within one reconnect, it exits cleanly, the job source moves once more. At the end
 * every share a device got {@code true} for is counted in the journal once, and every account adds up.
 */
class ClusterNodeTest {
    private static final String DUTIES = "Running payouts-and-donations for the cluster on this node";
    private static final String JOB_SOURCE = "Running the job source for the cluster on this node";
    private static final String[] ACCOUNTS = {"alice", "bob", "carol"};
    private static final int DEVICES = 6;

    /** A connection that only listens: when each job arrived, and its id. */
    private static final class JobWatcher implements AutoCloseable {
        final Queue<Long> at = new ConcurrentLinkedQueue<>();
        volatile String lastId;
        private final Socket socket;

        JobWatcher(NodeProcess node, String user) throws Exception {
            socket = new Socket("127.0.0.1", node.stratum);
            OutputStream out = socket.getOutputStream();
            out.write(("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"watcher/1.0\"]}\n"
                    + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"x\"]}\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread t = new Thread(() -> {
                ObjectMapper json = new ObjectMapper();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        JsonNode msg = json.readTree(line);
                        if ("mining.notify".equals(msg.path("method").asText())) {
                            at.add(System.nanoTime());
                            lastId = msg.get("params").get(0).asText();
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            }, "job-watcher-" + user);
            t.setDaemon(true);
            t.start();
        }

        /** Seconds from {@code since} to the first job after it, or -1. */
        double firstJobAfter(long since) {
            return at.stream().filter(t -> t > since).findFirst().map(t -> (t - since) / 1e9).orElse(-1.0);
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private final List<NodeProcess> nodes = new ArrayList<>();

    private void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                for (NodeProcess n : nodes) {
                    System.out.println("---- node on " + n.stratum + " (" + n.cluster() + ")");
                    n.lines.stream().skip(Math.max(0, n.lines.size() - 40)).forEach(System.out::println);
                }
            }
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static JsonNode api(NodeProcess n, String path) {
        try {
            return TestNodes.json(n.api, path);
        } catch (Exception e) {
            return null;
        }
    }

    private static long accepted(NodeProcess n) {
        JsonNode pool = api(n, "/api/pool");
        return pool == null ? -1 : pool.path("shares").path("accepted").asLong();
    }

    /** Seconds until every device in {@code devices} has had {@code more} shares accepted past its count at {@code since}. */
    private double minedAgain(List<SimulatedMiner> devices, long[] before, long since, int more) throws InterruptedException {
        await("the devices mine again", 90, () -> {
            for (int i = 0; i < devices.size(); i++) {
                if (devices.get(i).accepted() < before[i] + more) {
                    return false;
                }
            }
            return true;
        });
        return (System.nanoTime() - since) / 1e9;
    }

    private static long[] acceptedNow(List<SimulatedMiner> devices) {
        return devices.stream().mapToLong(SimulatedMiner::accepted).toArray();
    }

    private NodeProcess singletonNode(List<NodeProcess> among) throws InterruptedException {
        await("one node runs the singletons", 60, () -> among.stream().filter(n -> n.metric("micromining_cluster_singletons_here") == 1).count() == 1);
        return among.stream().filter(n -> n.metric("micromining_cluster_singletons_here") == 1).findFirst().orElseThrow();
    }

    @Test
    void threeNodesShareTheWorkSurviveAKillAndALeaveAndCountEveryShareOnce() throws Exception {
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
            env.put("POOL_EMBEDDED_REFRESH_INTERVAL", "2s");
            env.put("POOL_ADMIN_TOKEN", "operator-secret");
            env.put("POOL_PAYOUT_CYCLE_INTERVAL", "2s");
            nodes.add(new NodeProcess(env, stratum, api));
        }
        List<SimulatedMiner> devices = new ArrayList<>();
        List<JobWatcher> watchers = new ArrayList<>();
        try {
            nodes.get(0).start();
            await("the first seed forms the cluster", 90, () -> nodes.get(0).metric("micromining_cluster_members") == 1);
            // Every node seals the ledger with one key: the README's step of copying it from the first node.
            for (int i = 1; i < 3; i++) {
                Files.copy(Path.of(nodes.get(0).env.get("POOL_DATA_DIR"), "ledger-ed25519.key"),
                        Path.of(nodes.get(i).env.get("POOL_DATA_DIR"), "ledger-ed25519.key"));
            }
            nodes.get(1).start();
            nodes.get(2).start();
            for (NodeProcess n : nodes) {
                await("three members, seen by every node", 120, () -> n.metric("micromining_cluster_members") == 3);
            }
            Set<Integer> prefixes = new HashSet<>();
            for (NodeProcess n : nodes) {
                prefixes.add(n.prefix());
            }
            assertThat(prefixes).as("node ids given by the cluster, one each").containsExactlyInAnyOrder(0, 1, 2);

            for (int i = 0; i < 3; i++) {
                watchers.add(new JobWatcher(nodes.get(i), "watch.node" + i));
            }
            await("every node hands out the job source's job under the same id", 60, () -> {
                Set<String> ids = new HashSet<>();
                watchers.forEach(w -> ids.add(w.lastId));
                return ids.size() == 1 && !ids.contains(null);
            });

            for (int k = 0; k < DEVICES; k++) {
                List<InetSocketAddress> pools = new ArrayList<>();
                for (int j = 0; j < 3; j++) {
                    pools.add(InetSocketAddress.createUnresolved("127.0.0.1", nodes.get((k + j) % 3).stratum));
                }
                devices.add(new SimulatedMiner(pools, ACCOUNTS[k % 3] + ".rig-" + k, 10_000).start());
            }
            minedAgain(devices, new long[DEVICES], System.nanoTime(), 3);

            // alice is paid over Lightning (keysend) whenever she has 50 sat: by the one payout cycle of the cluster.
            String payout = "{\"destination\":\"" + HexFormat.of().formatHex(new ECKey().getPubKey()) + "\",\"thresholdMsat\":50000}";
            HttpResponse<String> set = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + nodes.get(1).api + "/api/accounts/alice/payout"))
                    .header("Authorization", "Bearer operator-secret").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(payout)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);

            NodeProcess oldest = singletonNode(nodes);
            await("the job source and the duties start there", 30, () -> oldest.printed(DUTIES) && oldest.printed(JOB_SOURCE));
            assertThat(nodes.stream().filter(n -> n.printed(DUTIES)).count()).as("payouts run on one node only").isEqualTo(1);
            assertThat(nodes.stream().filter(n -> n.printed(JOB_SOURCE)).count()).as("one job source").isEqualTo(1);

            // SIGKILL the node that runs every singleton.
            int killedIndex = nodes.indexOf(oldest);
            List<SimulatedMiner> orphans = new ArrayList<>();
            for (int k = 0; k < DEVICES; k++) {
                if (k % 3 == killedIndex) {
                    orphans.add(devices.get(k));
                }
            }
            long[] before = acceptedNow(orphans);
            long killed = System.nanoTime();
            oldest.kill();
            List<NodeProcess> survivors = nodes.stream().filter(n -> n != oldest).toList();
            double orphansMining = minedAgain(orphans, before, killed, 2);
            for (NodeProcess n : survivors) {
                await("the killed node is downed and removed", 60, () -> n.metric("micromining_cluster_members") == 2
                        && n.metric("micromining_cluster_unreachable") == 0);
            }
            await("another node takes the job source and the duties over", 60,
                    () -> survivors.stream().anyMatch(n -> n.printed(DUTIES) && n.printed(JOB_SOURCE)));
            double takeover = (System.nanoTime() - killed) / 1e9;
            assertThat(survivors.stream().filter(n -> n.printed(DUTIES)).count()).isEqualTo(1);
            List<JobWatcher> surviving = watchers.stream().filter(w -> w != watchers.get(killedIndex)).toList();
            await("new jobs reach the surviving nodes' connections", 60, () -> surviving.stream().allMatch(w -> w.firstJobAfter(killed) > 0));
            double noNewJob = surviving.stream().mapToDouble(w -> w.firstJobAfter(killed)).max().orElseThrow();
            await("every node hands out the new source's job under the same id", 30, () -> {
                Set<String> ids = new HashSet<>();
                surviving.forEach(w -> ids.add(w.lastId));
                return ids.size() == 1;
            });
            System.out.printf("cluster: SIGKILL of the node with the singletons: its devices mined on their fallback %.1f s after,"
                    + " the job source and the duties were taken over after %.1f s, the first new job reached the other nodes'"
                    + " connections %.1f s after (they mined the last job meanwhile)%n", orphansMining, takeover, noNewJob);

            // The killed node started again rejoins, and shards move to it.
            oldest.start();
            for (NodeProcess n : nodes) {
                await("the node started again rejoins", 120, () -> n.metric("micromining_cluster_members") == 3);
            }
            await("shards move to the node that rejoined", 90, () -> oldest.metric("micromining_cluster_shards") > 0);
            assertThat(oldest.metric("micromining_cluster_singletons_here")).as("the singletons stay where they went").isZero();

            // A graceful leave of the node that took the singletons over.
            NodeProcess leaving = singletonNode(nodes);
            List<SimulatedMiner> moved = devices.stream().filter(d -> d.pool().getPort() == leaving.stratum).toList();
            assertThat(moved).as("devices on the leaving node").isNotEmpty();
            long[] connectionsBefore = moved.stream().mapToLong(SimulatedMiner::connections).toArray();
            long[] beforeLeave = acceptedNow(moved);
            List<NodeProcess> staying = nodes.stream().filter(n -> n != leaving).toList();
            long unreachableBefore = staying.stream().mapToLong(n -> n.count("Marking node as UNREACHABLE")).sum();
            long left = System.nanoTime();
            int exit = leaving.stop();
            double exited = (System.nanoTime() - left) / 1e9;
            assertThat(exit).as("a node that leaves exits cleanly (0, or 143 for the signal)").isIn(0, 143);
            assertThat(leaving.errors()).as("no ERROR on a clean stop, nor while the cluster changed").isEmpty();
            double movedMining = minedAgain(moved, beforeLeave, left, 2);
            for (int i = 0; i < moved.size(); i++) {
                assertThat(moved.get(i).connections() - connectionsBefore[i]).as("one reconnect per device at a leave").isLessThanOrEqualTo(1);
            }
            assertThat(staying.stream().mapToLong(n -> n.count("Marking node as UNREACHABLE")).sum())
                    .as("a node that leaves is never unreachable: it is not downed").isEqualTo(unreachableBefore);
            await("the job source moves on at the leave", 60, () -> staying.stream().anyMatch(n -> n.count(JOB_SOURCE) > 0
                    && singletonHere(n)));
            System.out.printf("cluster: SIGTERM of the node with the singletons: it exited in %.1f s, its devices mined on"
                    + " another node %.1f s after the signal%n", exited, movedMining);

            // A rolling restart: each node in turn stopped (SIGTERM) and started again, the pool mining throughout.
            leaving.start();
            for (NodeProcess n : nodes) {
                await("the node that left rejoins", 120, () -> n.metric("micromining_cluster_members") == 3);
            }
            AtomicLong lastRise = new AtomicLong(System.nanoTime());
            AtomicLong longestPause = new AtomicLong();
            AtomicBoolean rolling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                long seen = devices.stream().mapToLong(SimulatedMiner::accepted).sum();
                while (rolling.get()) {
                    long now = devices.stream().mapToLong(SimulatedMiner::accepted).sum();
                    if (now > seen) {
                        seen = now;
                        lastRise.set(System.nanoTime());
                    }
                    longestPause.accumulateAndGet(System.nanoTime() - lastRise.get(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rolling-sampler");
            sampler.start();
            long rollStarted = System.nanoTime();
            for (NodeProcess n : nodes) {
                assertThat(n.stop()).as("a node of the rolling restart exits cleanly").isIn(0, 143);
                n.start();
                for (NodeProcess m : nodes) {
                    await("the restarted node is back", 120, () -> m.metric("micromining_cluster_members") == 3);
                }
            }
            minedAgain(devices, acceptedNow(devices), System.nanoTime(), 2);
            rolling.set(false);
            sampler.join();
            System.out.printf("cluster: rolling restart of the three nodes in %.0f s: the longest time without an accepted share"
                    + " anywhere was %.1f s%n", (System.nanoTime() - rollStarted) / 1e9, longestPause.get() / 1e9);

            // Every share a device got true for is in the journal once.
            devices.forEach(SimulatedMiner::close);
            long acked = devices.stream().mapToLong(SimulatedMiner::accepted).sum();
            long sent = devices.stream().mapToLong(SimulatedMiner::submitted).sum();
            NodeProcess reader = nodes.get(0);
            await("the read side counts every acknowledged share", 60, () -> accepted(reader) >= acked);
            Thread.sleep(3000);
            long counted = accepted(reader);
            assertThat(counted).as("shares counted (%d acknowledged, %d sent)", acked, sent).isBetween(acked, sent);
            for (NodeProcess n : nodes) {
                assertThat(n.errors()).as("no ERROR on any node, through the kill, the rejoin, the leave and the rolling restart")
                        .isEmpty();
            }
            // alice was paid once per payout: what the nodes' Lightning wallets sent her is what her account says.
            // No more payouts from here (a threshold she cannot reach), then the last one in flight settles.
            String noMore = "{\"destination\":\"" + HexFormat.of().formatHex(new ECKey().getPubKey()) + "\",\"thresholdMsat\":"
                    + Long.MAX_VALUE / 2 + "}";
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + reader.api + "/api/accounts/alice/payout"))
                    .header("Authorization", "Bearer operator-secret").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(noMore)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            long[] paidSeen = {-1};
            await("alice's payouts are settled and stay so", 90, () -> {
                JsonNode a = api(reader, "/api/accounts/alice");
                if (a == null || a.path("reservedMsat").asLong() != 0 || a.path("paidMsat").asLong() == 0) {
                    return false;
                }
                boolean same = a.path("paidMsat").asLong() == paidSeen[0];
                paidSeen[0] = a.path("paidMsat").asLong();
                if (!same) {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return same;
            });
            Map<String, Long> wallets = new java.util.HashMap<>();
            for (NodeProcess n : nodes) {
                Path state = Path.of(n.env.get("POOL_DATA_DIR"), "simulated-lightning-node.state");
                for (String line : Files.readAllLines(state)) {
                    String[] f = line.split(" ");
                    if (f.length == 7 && f[1].equals("SUCCEEDED")) {
                        assertThat(wallets.put(f[0], Long.parseLong(f[2]))).as("payment " + f[0] + " made by one node only").isNull();
                    }
                }
            }
            assertThat(wallets.values().stream().mapToLong(Long::longValue).sum()).as("paid by the wallets")
                    .isEqualTo(api(reader, "/api/accounts/alice").path("paidMsat").asLong());
            for (String account : ACCOUNTS) {
                JsonNode a = api(reader, "/api/accounts/" + account);
                assertThat(a).isNotNull();
                long credited = a.path("creditedMsat").asLong();
                assertThat(credited).as(account + " was credited").isPositive();
                assertThat(a.path("balanceMsat").asLong() + a.path("reservedMsat").asLong() + a.path("paidMsat").asLong()
                        + a.path("feesMsat").asLong()).as(account + " adds up").isEqualTo(credited);
            }
        } finally {
            devices.forEach(SimulatedMiner::close);
            for (JobWatcher w : watchers) {
                w.close();
            }
            for (NodeProcess n : nodes) {
                n.stop();
            }
        }
    }

    private static boolean singletonHere(NodeProcess n) {
        return n.metric("micromining_cluster_singletons_here") == 1;
    }
}
