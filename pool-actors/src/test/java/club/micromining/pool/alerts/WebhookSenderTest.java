package club.micromining.pool.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {
    private static final List<Alerts.Alert> ALERTS = List.of(new Alerts.Alert(Alerts.Kind.NEW_BEST_SHARE, "bitaxe", 4e9, 1_700_000_000_000L));

    @Test
    void aFailingReceiverIsTriedAgainUntilItTakesTheAlerts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(calls.incrementAndGet() < 3 ? 503 : 204, -1);
            ex.close();
        });
        server.start();
        try {
            WebhookSender sender = new WebhookSender(new WebhookSender.Settings(5, Duration.ofMillis(50), Duration.ofSeconds(2)), false,
                    Executors.newCachedThreadPool());
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            assertThat(sender.deliver(url, "alice", ALERTS).toCompletableFuture().get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(calls.get()).isEqualTo(3);
            JsonNode body = new ObjectMapper().readTree(bodies.get(2));
            assertThat(body.path("account").asText()).isEqualTo("alice");
            assertThat(body.path("alerts").get(0).path("kind").asText()).isEqualTo("NEW_BEST_SHARE");
            assertThat(body.path("alerts").get(0).path("at").asText()).isEqualTo("2023-11-14T22:13:20Z");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void itGivesUpAfterTheLastAttemptAndOnMainnetNeverCallsAPrivateAddress() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            WebhookSender sender = new WebhookSender(new WebhookSender.Settings(3, Duration.ofMillis(20), Duration.ofSeconds(2)), false,
                    Executors.newCachedThreadPool());
            assertThat(sender.deliver(url, "alice", ALERTS).toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(calls.get()).isEqualTo(3);
            WebhookSender mainnet = new WebhookSender(new WebhookSender.Settings(3, Duration.ofMillis(20), Duration.ofSeconds(2)), true,
                    Executors.newCachedThreadPool());
            assertThat(mainnet.deliver(url, "alice", ALERTS).toCompletableFuture().get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(calls.get()).isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }
}
