package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.lightning.node.Payment;
import club.micromining.lightning.sim.SimulatedNetwork;
import club.micromining.lightning.sim.SimulatedNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Donations move money only through the journal: an invoice the club's Lightning Address handed out is
 * booked to the project fund exactly once, whether it is paid after the node restarted or while the node
 * was down. The club's Lightning node lives apart from the pool node here, as LND does.
 */
class DonationNodeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String invoice(int api, long msat) throws Exception {
        String callback = TestNodes.json(api, "/.well-known/lnurlp/club").path("callback").asText();
        JsonNode answer = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(callback + "?amount=" + msat)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(answer.path("pr").asText()).as(answer.toString()).startsWith("lnbcrt");
        return answer.path("pr").asText();
    }

    private static long projectFund(int api) throws Exception {
        return TestNodes.json(api, "/api/pool").path("fundsMsat").path("project-fund").asLong();
    }

    private static void pay(SimulatedNode payer, String invoice) throws Exception {
        Payment p = payer.pay(invoice, 1_000, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(p.settled()).as(String.valueOf(p.failure())).isTrue();
    }

    @Test
    void aDonationPaidAfterARestartOrWhileTheNodeIsDownIsBookedExactlyOnce() throws Exception {
        Path data = Files.createTempDirectory("micromining-donations");
        Map<String, String> env = TestNodes.env(data, 0, TestNodes.freePort());
        int api = Integer.parseInt(env.get("POOL_API_PORT"));
        SimulatedNetwork network = new SimulatedNetwork();
        SimulatedNode lnd = new SimulatedNode(network, "bcrt", 1_000_000_000, 1_000_000_000, data.resolve("lnd.state"));
        SimulatedNode payer = new SimulatedNode(network, "bcrt", 1_000_000_000, 1_000_000_000, null);

        String afterRestart;
        String whileDown;
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0, lnd)) {
            afterRestart = invoice(api, 21_000);
            whileDown = invoice(api, 34_000);
            assertThat(projectFund(api)).isZero();
        }
        // The node is down; its Lightning node is not.
        pay(payer, whileDown);

        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0, lnd)) {
            TestNodes.await(api, "/api/pool", p -> p.path("fundsMsat").path("project-fund").asLong() == 34_000);
            pay(payer, afterRestart);
            TestNodes.await(api, "/api/pool", p -> p.path("fundsMsat").path("project-fund").asLong() == 55_000);
        }
        // Once more: what was booked is not booked again by the look-up at start.
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0, lnd)) {
            TestNodes.await(api, "/api/pool", p -> p.path("fundsMsat").path("project-fund").asLong() >= 55_000);
            Thread.sleep(1_500);
            assertThat(projectFund(api)).isEqualTo(55_000);
        } finally {
            lnd.close();
        }
    }

    @Test
    void theEmbeddedNodeKeepsItsDonationInvoicesAcrossARestart() throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-donations-embedded"), 0, TestNodes.freePort());
        int api = Integer.parseInt(env.get("POOL_API_PORT"));
        String invoice;
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            invoice = invoice(api, 13_000);
        }
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            // The club's own embedded node pays it: the invoice is known again after the restart.
            Payment p = node.lightning().pay(invoice, 1_000, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(p.settled()).as(String.valueOf(p.failure())).isTrue();
            TestNodes.await(api, "/api/pool", q -> q.path("fundsMsat").path("project-fund").asLong() == 13_000);
        }
    }
}
