package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.ops.ledger.VerifyLedger;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.JobView;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ledger of a whole node with simulated devices: sealed every second, served, verified by the command
 * over HTTP and offline, kept across a restart with no gap or duplicate, its balances the read model's,
 * and its tree root in the coinbase of the jobs.
 */
class LedgerNodeTest {

    private static Map<String, String> env(Path dir) {
        Map<String, String> env = TestNodes.env(dir, 0, 0);
        env.put("POOL_LEDGER_PERIOD", "1s");
        env.put("POOL_LEDGER_SEAL_DELAY", "0s");
        env.put("POOL_LEDGER_ORIGIN", "test.example/ledger");
        env.put("POOL_SIMULATE_HASHRATE", "20000");
        env.put("POOL_ROUND_LENGTH", "10s");
        return env;
    }

    private static String verify(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyLedger.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        return printed;
    }

    /** An OpenTimestamps calendar stand-in: every digest gets a pending attestation at "cal". */
    private static com.sun.net.httpserver.HttpServer calendar() throws java.io.IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/digest", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = java.util.HexFormat.of().parseHex("0083dfe30d2ef90c8e0403" + "63616c");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void theNodesLedgerVerifiesSurvivesARestartAndAddsUpToTheBalances() throws Exception {
        Path dir = Files.createTempDirectory("micromining-ledger");
        String key;
        com.sun.net.httpserver.HttpServer calendar = calendar();
        Map<String, String> stamped = env(dir);
        stamped.put("POOL_OTS_CALENDARS", "http://127.0.0.1:" + calendar.getAddress().getPort());
        stamped.put("POOL_ADMIN_TOKEN", "operator-secret");
        stamped.put("POOL_PAYOUT_CYCLE_INTERVAL", "300ms");
        try (PoolNode node = PoolNode.start(TestNodes.config(stamped), 2)) {
            int api = node.apiAddress().getPort();
            TestNodes.await(api, "/api/ledger/roots", roots -> roots.size() >= 3 && roots.get(roots.size() - 1).get("treeSize").asLong() >= 4);
            key = TestNodes.json(api, "/api/ledger/key").get("publicKey").asText();
            String checked = verify("http://127.0.0.1:" + api, "--key", key);
            assertThat(checked).contains("ledger test.example/ledger:", "period roots");
            assertThat(TestNodes.get(api, "/api/ledger?from=0&limit=5&kind=contribution").body()).contains("\"kind\":\"contribution\"");
            assertThat(TestNodes.get(api, "/api/ledger/checkpoint").body()).startsWith("test.example/ledger\n");
            JsonNode proof = TestNodes.json(api, "/api/ledger/proof?seq=1");
            Path proofFile = dir.resolve("proof.json");
            Files.writeString(proofFile, proof.toString());
            assertThat(verify("--proof", proofFile.toString(), "--key", key)).contains("inclusion proof of entry 1 holds");
            assertThat(TestNodes.get(api, "/api/ledger/proof?seq=x").statusCode()).isEqualTo(400);
            assertThat(TestNodes.get(api, "/api/ledger/consistency?from=1&to=2").statusCode()).isEqualTo(200);

            // A payout of sim1 over the simulated Lightning node: requested and settled in the ledger, preimage and all.
            String destination = java.util.HexFormat.of().formatHex(new org.bitcoinj.crypto.ECKey().getPubKey());
            java.net.http.HttpResponse<String> set = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + api + "/api/accounts/sim1/payout"))
                    .header("Authorization", "Bearer operator-secret").header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"destination\":\"" + destination + "\",\"thresholdMsat\":1000}"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            TestNodes.await(api, "/api/accounts/sim1", a -> a.path("paidMsat").asLong() > 0);
            long until0 = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!TestNodes.get(api, "/api/ledger?kind=payout-settled").body().contains("\"preimage\"") && System.nanoTime() < until0) {
                Thread.sleep(200);
            }
            assertThat(TestNodes.get(api, "/api/ledger?kind=payout-settled").body()).contains("\"account\":\"sim1\"", "\"preimage\"");

            // The coinbase of a job made after the first root commits to a tree root of the ledger.
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            boolean anchored = false;
            while (!anchored && System.nanoTime() < until) {
                anchored = node.pool().currentJob().map(j -> j.outputs().stream()
                        .anyMatch(o -> o.kind() == JobView.Kind.LEDGER_ROOT && o.scriptHex().startsWith("6a244d4d5350"))).orElse(false);
                Thread.sleep(200);
            }
            assertThat(anchored).as("a job's coinbase carries OP_RETURN MMSP <root>").isTrue();

            // Each period root stamped by the calendar, its .ots proof served.
            java.net.http.HttpResponse<byte[]> ots = null;
            for (int i = 0; i < 50 && (ots == null || ots.statusCode() != 200); i++) {
                ots = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + api + "/api/ledger/roots/1/ots")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                Thread.sleep(200);
            }
            assertThat(ots.statusCode()).isEqualTo(200);
            String root1 = TestNodes.json(api, "/api/ledger/roots").get(1).get("root").asText();
            assertThat(java.util.HexFormat.of().formatHex(ots.body())).startsWith("004f70656e54696d657374616d7073000050726f6f6600bf89e2e884e89294"
                    + "0108" + root1).endsWith("0083dfe30d2ef90c8e040363616c");
        } finally {
            calendar.stop(0);
        }

        // Restarted with no devices: the ledger goes on from where it was, and once everything is sealed its balances are the read model's.
        Map<String, String> quiet = env(dir);
        try (PoolNode node = PoolNode.start(TestNodes.config(quiet), 0)) {
            int api = node.apiAddress().getPort();
            Path export = dir.resolve("export.jsonl");
            Map<String, long[]> ledger = Map.of();
            Map<String, long[]> readModel = Map.of("-", new long[0]);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                Files.writeString(export, TestNodes.get(api, "/api/ledger/export").body());
                String printed = verify(export.toString(), "--key", key, "--balances");
                ledger = new LinkedHashMap<>();
                boolean table = false;
                for (String line : printed.split("\n")) {
                    if (line.startsWith("account ")) {
                        table = true;
                    } else if (table && !line.isBlank()) {
                        String[] f = line.trim().split(" ");
                        ledger.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[4]), Long.parseLong(f[5])});
                    }
                }
                readModel = new LinkedHashMap<>();
                for (String account : ledger.keySet()) {
                    AccountView a = node.pool().account(account).toCompletableFuture().get().orElseThrow();
                    readModel.put(account, new long[] {a.balanceMsat(), a.creditedMsat(), a.paidMsat(), a.feesMsat()});
                }
                if (!ledger.isEmpty() && same(ledger, readModel) && !printed.contains("not yet under a signed tree head")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(ledger).isNotEmpty();
            assertThat(ledger.get("sim1")[2]).as("sim1 was paid").isPositive();

            // The rounds that ended were committed from the ledger's contributions, and the verifier recomputes them.
            long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            String printed = "";
            while (!printed.contains("raffle commitments recomputed") && System.nanoTime() < until) {
                Files.writeString(export, TestNodes.get(api, "/api/ledger/export").body());
                printed = verify(export.toString(), "--key", key);
                Thread.sleep(500);
            }
            assertThat(printed).contains("raffle commitments recomputed");
            assertThat(Files.readString(export)).contains("\"kind\":\"raffle-commitment\"", "\"account\":\"sim1\"");
            assertThat(same(ledger, readModel)).as("ledger %s, read model %s", show(ledger), show(readModel)).isTrue();
        }
    }

    @Test
    void aRoundThatEndedIsCommittedThenDrawnFromTheChainsBlockAndTheVerifierRecomputesBoth() throws Exception {
        Map<String, String> env = env(Files.createTempDirectory("micromining-raffle"));
        // Blocks every few seconds on the embedded chain, so the deciding block comes while the test runs.
        env.put("POOL_SIMULATE_BLOCK_INTERVAL", "2s");
        env.put("POOL_EMBEDDED_START_DIFFICULTY", "0.00002");
        env.put("POOL_RAFFLE_DELAY_BLOCKS", "1");
        env.put("POOL_RAFFLE_CONFIRMATIONS", "1");
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 2)) {
            int api = node.apiAddress().getPort();
            // The simulated devices' account has somewhere to be paid, so its prize is credited, not kept waiting.
            node.pool().setPayoutSettings(new club.micromining.pool.facade.Caller.Operator(), "sim1",
                    java.util.HexFormat.of().formatHex(new org.bitcoinj.crypto.ECKey().getPubKey()), java.util.OptionalLong.empty())
                    .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!TestNodes.get(api, "/api/ledger?kind=raffle-draw").body().contains("\"winner\"") && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            String draw = TestNodes.get(api, "/api/ledger?kind=raffle-draw").body().lines().findFirst().orElse("");
            assertThat(draw).contains("\"winner\":\"sim", "\"blockHash\":\"");
            JsonNode p = new com.fasterxml.jackson.databind.ObjectMapper().readTree(draw).get("payload");
            String hash = node.pool().currentJob().isPresent()
                    ? node.pool().blockHashAt(p.get("height").asLong()).toCompletableFuture().get().orElse("") : "";
            assertThat(hash).as("the draw names the chain's block at its height").isEqualTo(p.get("blockHash").asText());
            // The prize reached the winner's balance once, as a ledger entry of its own.
            String winner = p.get("winner").asText();
            long prize = p.get("prizeMsat").asLong();
            assertThat(prize).isPositive();
            long prizeDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!TestNodes.get(api, "/api/ledger?kind=prize-credit").body().contains("\"msat\":" + prize)
                    && System.nanoTime() < prizeDeadline) {
                Thread.sleep(300);
            }
            assertThat(TestNodes.get(api, "/api/ledger?kind=prize-credit").body()).contains("\"account\":\"" + winner + "\"",
                    "\"msat\":" + prize);
            String key = TestNodes.json(api, "/api/ledger/key").get("publicKey").asText();
            assertThat(verify("http://127.0.0.1:" + api, "--key", key)).containsPattern("raffle commitments recomputed .*, [1-9]\\d* draws");
        }
    }

    /** The payloads of the ledger's entries of a kind. */
    private static java.util.List<JsonNode> entries(int api, String kind) throws Exception {
        return TestNodes.ledgerEntries(api, kind).stream().map(e -> e.get("payload")).toList();
    }

    @Test
    void aRoundCommittedBeforeARestartIsDrawnAfterItOnceFromItsCommitment() throws Exception {
        Path dir = Files.createTempDirectory("micromining-raffle-restart");
        Map<String, String> env = env(dir);
        env.put("POOL_SIMULATE_BLOCK_INTERVAL", "1s");
        env.put("POOL_EMBEDDED_START_DIFFICULTY", "0.00002");
        // Six blocks between the close and the deciding block: the node is stopped in between.
        env.put("POOL_RAFFLE_DELAY_BLOCKS", "6");
        env.put("POOL_RAFFLE_CONFIRMATIONS", "1");
        String round;
        long target;
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 2)) {
            int api = node.apiAddress().getPort();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (entries(api, "raffle-commitment").isEmpty()) {
                assertThat(System.nanoTime()).as("a commitment").isLessThan(deadline);
                Thread.sleep(200);
            }
            JsonNode commitment = entries(api, "raffle-commitment").get(0);
            round = commitment.get("round").asText();
            target = commitment.get("targetHeight").asLong();
            assertThat(entries(api, "raffle-draw")).as("its deciding block is not mined yet").isEmpty();
        }
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 2)) {
            int api = node.apiAddress().getPort();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (entries(api, "raffle-draw").stream().noneMatch(d -> d.get("round").asText().equals(round))) {
                assertThat(System.nanoTime()).as("the draw after the restart").isLessThan(deadline);
                Thread.sleep(300);
            }
            JsonNode draw = entries(api, "raffle-draw").stream().filter(d -> d.get("round").asText().equals(round)).findFirst()
                    .orElseThrow();
            assertThat(draw.get("height").asLong()).isEqualTo(target);
            assertThat(entries(api, "raffle-commitment").stream().filter(c -> c.get("round").asText().equals(round)).count())
                    .as("committed once").isEqualTo(1);
            Thread.sleep(1_000);
            assertThat(entries(api, "raffle-draw").stream().filter(d -> d.get("round").asText().equals(round)).count())
                    .as("drawn once").isEqualTo(1);
            assertThat(verify("http://127.0.0.1:" + api)).containsPattern("raffle commitments recomputed .*, [1-9]\\d* draws");
        }
    }

    private static boolean same(Map<String, long[]> a, Map<String, long[]> b) {
        return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(k -> java.util.Arrays.equals(a.get(k), b.get(k)));
    }

    private static String show(Map<String, long[]> m) {
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> s.append(k).append(java.util.Arrays.toString(v)).append(' '));
        return s.toString();
    }
}
