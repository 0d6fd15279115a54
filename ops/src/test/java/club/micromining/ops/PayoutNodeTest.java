package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.lightning.node.Payment;
import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

/** A whole node: mined shares become a balance, the balance a Lightning payout; donations reach the project fund. */
class PayoutNodeTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> post(int port, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void minedBalancesArePaidOverLightningAndDonationsReachTheProjectFund() throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-payout"), 0, 0);
        env.put("POOL_ADMIN_TOKEN", "operator-secret");
        env.put("POOL_PAYOUT_CYCLE_INTERVAL", "300ms");
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            int api = node.apiAddress().getPort();
            try (StratumTestClient miner = StratumTestClient.connect(node.stratumAddress()).handshake("dora.bitaxe")) {
                for (int i = 0; i < 30; i++) {
                    assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
                }
            }
            JsonNode before = TestNodes.await(api, "/api/accounts/dora", a -> a.path("balanceMsat").asLong() > 50_000);
            long credited = before.path("creditedMsat").asLong();

            String destination = HexFormat.of().formatHex(new ECKey().getPubKey());
            String settings = "{\"destination\":\"" + destination + "\",\"thresholdMsat\":50000}";
            assertThat(post(api, "/api/accounts/dora/payout", null, settings).statusCode()).isEqualTo(401);
            assertThat(post(api, "/api/accounts/dora/payout", "wrong", settings).statusCode()).isEqualTo(401);
            assertThat(post(api, "/api/accounts/dora/payout", "operator-secret", "{\"destination\":\"nonsense\"}").statusCode())
                    .isEqualTo(400);
            HttpResponse<String> ok = post(api, "/api/accounts/dora/payout", "operator-secret", settings);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

            JsonNode paid = TestNodes.await(api, "/api/accounts/dora", a -> a.path("paidMsat").asLong() > 0
                    && a.path("payouts").size() > 0 && "SETTLED".equals(a.path("payouts").get(0).path("status").asText()));
            JsonNode payout = paid.path("payouts").get(0);
            assertThat(payout.path("destination").asText()).isEqualTo(destination);
            byte[] preimage = HexFormat.of().parseHex(payout.path("preimage").asText());
            assertThat(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(preimage)))
                    .isEqualTo(payout.path("paymentHash").asText());
            assertThat(paid.path("balanceMsat").asLong() + paid.path("reservedMsat").asLong() + paid.path("paidMsat").asLong()
                    + paid.path("feesMsat").asLong()).isEqualTo(paid.path("creditedMsat").asLong());
            assertThat(paid.path("creditedMsat").asLong()).isGreaterThanOrEqualTo(credited);
            String metrics = TestNodes.get(api, "/metrics").body();
            assertThat(metrics).contains("micromining_payouts_settled_total 1.0\n", "micromining_payouts_liquidity_paused 0.0\n",
                    "micromining_shares_accepted_total 30.0\n", "micromining_shares_rejected_total{reason=\"DUPLICATE\"} 0.0\n");

            // A donation to the club's Lightning Address.
            JsonNode payRequest = TestNodes.json(api, "/.well-known/lnurlp/club");
            assertThat(payRequest.path("tag").asText()).isEqualTo("payRequest");
            String callback = payRequest.path("callback").asText();
            JsonNode invoice = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(callback + "?amount=21000")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            long fundBefore = TestNodes.json(api, "/api/pool").path("fundsMsat").path("project-fund").asLong();
            Payment donation = node.lightning().pay(invoice.path("pr").asText(), 1_000, Duration.ofSeconds(5))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(donation.settled()).isTrue();
            TestNodes.await(api, "/api/pool", p -> p.path("fundsMsat").path("project-fund").asLong() >= fundBefore + 21_000);
            assertThat(TestNodes.json(api, "/.well-known/lnurlp/someone-else").path("status").asText()).isEqualTo("ERROR");
        }
    }
}
