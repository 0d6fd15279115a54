package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

/**
 * The pool process is killed with SIGKILL while a payout is decided but not finished, and again after
 * the Lightning node has paid but before the pool wrote that down. After the last restart the member is
 * paid exactly once and every millisatoshi is accounted for.
 */
class PayoutCrashTest {

    private static Process start(Map<String, String> env, int stratumPort) throws Exception {
        return PoolProcessTest.startListening(env, stratumPort, "run");
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private static List<String> succeeded(Path state) throws Exception {
        return Files.readAllLines(state).stream().filter(l -> l.split(" ")[1].equals("SUCCEEDED")).toList();
    }

    @Test
    void aMemberIsPaidExactlyOnceAcrossKills() throws Exception {
        Path data = Files.createTempDirectory("micromining-payout-crash");
        Path state = data.resolve("simulated-lightning-node.state");
        int stratumPort = TestNodes.freePort();
        int apiPort = TestNodes.freePort();
        Map<String, String> env = TestNodes.env(data, stratumPort, apiPort);
        env.put("POOL_ADMIN_TOKEN", "operator-secret");
        env.put("POOL_PAYOUT_CYCLE_INTERVAL", "300ms");
        env.put("POOL_SIM_LN_SETTLE_DELAY", "60s");

        Process first = start(env, stratumPort);
        String paymentHash;
        try {
            try (StratumTestClient miner = StratumTestClient.connect(new InetSocketAddress("127.0.0.1", stratumPort))
                    .handshake("erin.bitaxe")) {
                for (int i = 0; i < 30; i++) {
                    assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
                }
            }
            TestNodes.await(apiPort, "/api/accounts/erin", a -> a.path("balanceMsat").asLong() > 50_000);
            String settings = "{\"destination\":\"" + HexFormat.of().formatHex(new ECKey().getPubKey()) + "\",\"thresholdMsat\":50000}";
            HttpResponse<String> set = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + apiPort + "/api/accounts/erin/payout"))
                    .header("Authorization", "Bearer operator-secret").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(settings)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
            JsonNode inFlight = TestNodes.await(apiPort, "/api/accounts/erin", a -> a.path("payouts").size() == 1
                    && "IN_FLIGHT".equals(a.path("payouts").get(0).path("status").asText()));
            paymentHash = inFlight.path("payouts").get(0).path("paymentHash").asText();
        } finally {
            kill(first);
        }
        assertThat(succeeded(state)).as("killed before the node settled").isEmpty();

        // The node finishes the payment on start; the pool is killed before its first payout cycle writes it down.
        env.put("POOL_PAYOUT_CYCLE_INTERVAL", "10m");
        env.put("POOL_SIM_LN_SETTLE_DELAY", "0s");
        Process second = start(env, stratumPort);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (succeeded(state).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(succeeded(state)).hasSize(1).allMatch(l -> l.startsWith(paymentHash));
            JsonNode stillInFlight = TestNodes.await(apiPort, "/api/accounts/erin", a -> a.path("payouts").size() == 1);
            assertThat(stillInFlight.path("payouts").get(0).path("status").asText()).isEqualTo("IN_FLIGHT");
        } finally {
            kill(second);
        }

        env.put("POOL_PAYOUT_CYCLE_INTERVAL", "300ms");
        Process third = start(env, stratumPort);
        try {
            JsonNode settled = TestNodes.await(apiPort, "/api/accounts/erin", a -> a.path("payouts").size() >= 1
                    && "SETTLED".equals(a.path("payouts").get(a.path("payouts").size() - 1).path("status").asText()));
            Thread.sleep(1500);
            settled = TestNodes.json(apiPort, "/api/accounts/erin");
            JsonNode payouts = settled.path("payouts");
            JsonNode first2 = payouts.get(payouts.size() - 1);
            assertThat(first2.path("paymentHash").asText()).isEqualTo(paymentHash);
            assertThat(first2.path("status").asText()).isEqualTo("SETTLED");
            assertThat(succeeded(state).stream().filter(l -> l.startsWith(paymentHash)).count()).isEqualTo(1);
            long paidBySettledPayouts = 0;
            for (JsonNode p : payouts) {
                if ("SETTLED".equals(p.path("status").asText())) {
                    paidBySettledPayouts += p.path("amountMsat").asLong();
                }
            }
            assertThat(settled.path("paidMsat").asLong()).isEqualTo(paidBySettledPayouts);
            assertThat(succeeded(state)).hasSize((int) payouts.findValuesAsText("status").stream().filter("SETTLED"::equals).count());
            assertThat(settled.path("balanceMsat").asLong() + settled.path("reservedMsat").asLong() + settled.path("paidMsat").asLong()
                    + settled.path("feesMsat").asLong()).isEqualTo(settled.path("creditedMsat").asLong());
        } finally {
            third.destroy();
            if (!third.waitFor(60, TimeUnit.SECONDS)) {
                third.destroyForcibly();
            }
        }
    }
}
