package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.stratum.testkit.FakeBitcoind;
import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.Templates;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A node on bitcoind: it waits for the node, reports readiness, and refuses a node of another chain. */
class BitcoindNodeTest {

    private static Map<String, String> env(FakeBitcoind bitcoind) throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-bitcoind"), 0, 0);
        env.put("POOL_MANAGEMENT_PORT", Integer.toString(TestNodes.freePort()));
        env.put("POOL_BITCOIND_URL", bitcoind.url());
        env.put("POOL_BITCOIND_USER", "pool");
        env.put("POOL_BITCOIND_PASSWORD", "secret");
        env.put("POOL_BITCOIND_POLL_INTERVAL", "200ms");
        return env;
    }

    @Test
    void waitsForBitcoindAndIsReadyOnlyWhileItAnswers() throws Exception {
        FakeBitcoind bitcoind = new FakeBitcoind(Templates.easy(Templates.resource("witness_small"))).start();
        bitcoind.stop();
        Map<String, String> env = env(bitcoind);
        int management = Integer.parseInt(env.get("POOL_MANAGEMENT_PORT"));
        CompletableFuture<PoolNode> starting = CompletableFuture.supplyAsync(() -> PoolNode.start(TestNodes.config(env), 0));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int status = 0;
            while (System.nanoTime() < deadline) {
                try {
                    status = TestNodes.get(management, "/health/ready").statusCode();
                    break;
                } catch (java.io.IOException e) {
                    Thread.sleep(200);
                }
            }
            assertThat(status).as("not ready while bitcoind is away").isEqualTo(503);
            assertThat(TestNodes.get(management, "/health/alive").statusCode()).isEqualTo(200);
            assertThat(starting).isNotDone();

            bitcoind.start();
            try (PoolNode node = starting.get(60, TimeUnit.SECONDS)) {
                assertThat(TestNodes.get(management, "/health/ready").statusCode()).isEqualTo(200);
                try (StratumTestClient miner = StratumTestClient.connect(node.stratumAddress()).handshake("solo.bitaxe")) {
                    assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
                }
                bitcoind.stop();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (TestNodes.get(management, "/health/ready").statusCode() == 200 && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertThat(TestNodes.get(management, "/health/ready").statusCode()).isEqualTo(503);
                assertThat(TestNodes.json(management, "/health/ready").get("reasons").toString()).contains("template source");
                // The last job is still served while bitcoind is away.
                try (StratumTestClient miner = StratumTestClient.connect(node.stratumAddress()).handshake("solo.bitaxe")) {
                    assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
                }
            }
        } finally {
            bitcoind.close();
        }
    }

    @Test
    void aBitcoindOfAnotherChainStopsStartUp() throws Exception {
        try (FakeBitcoind bitcoind = new FakeBitcoind(Templates.resource("witness_small")).start()) {
            bitcoind.chain = "test";
            Map<String, String> env = env(bitcoind);
            assertThatThrownBy(() -> PoolNode.start(TestNodes.config(env), 0))
                    .hasMessageContaining("'test'").hasMessageContaining("POOL_NETWORK");
        }
    }
}
