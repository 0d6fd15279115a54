package club.micromining.pool.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a member's alerts to their webhook as JSON, trying again with growing pauses when the receiver
 * fails, and giving up (with one warning) after the last attempt. Runs apart from the share path: the
 * alerts are already in the journal when it is called.
 */
public final class WebhookSender {
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param attempts how many times a delivery is tried
     * @param backoff  the pause after the first failure, doubled after each further one
     * @param timeout  how long one attempt may take
     */
    public record Settings(int attempts, Duration backoff, Duration timeout) {
    }

    private final Settings settings;
    private final boolean mainnet;
    private final Executor blocking;
    private final HttpClient http;

    public WebhookSender(Settings settings, boolean mainnet, Executor blocking) {
        this.settings = settings;
        this.mainnet = mainnet;
        this.blocking = blocking;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The body receivers get. */
    public static String body(String account, List<Alerts.Alert> alerts) {
        ObjectNode root = JSON.createObjectNode();
        root.put("account", account);
        ArrayNode list = root.putArray("alerts");
        for (Alerts.Alert a : alerts) {
            ObjectNode n = list.addObject();
            n.put("kind", a.kind().name());
            n.put("worker", a.worker());
            n.put("value", a.value());
            n.put("at", Instant.ofEpochMilli(a.atMillis()).toString());
        }
        return root.toString();
    }

    /** Completes once delivered or given up on; never fails. */
    public CompletionStage<Boolean> deliver(String url, String account, List<Alerts.Alert> alerts) {
        String body = body(account, alerts);
        return CompletableFuture.supplyAsync(() -> WebhookUrls.problem(url, mainnet), blocking).thenCompose(problem -> {
            if (problem.isPresent()) {
                log.warn("Alerts of {} not sent to their webhook: {}", account, problem.get());
                return CompletableFuture.completedFuture(false);
            }
            return attempt(url, account, body, 1, settings.backoff());
        });
    }

    private CompletionStage<Boolean> attempt(String url, String account, String body, int n, Duration pause) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.trim())).timeout(settings.timeout())
                .header("Content-Type", "application/json").header("User-Agent", "MicroMining-Social-Pool")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                return CompletableFuture.completedFuture(true);
            }
            String why = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (n >= settings.attempts()) {
                log.warn("Alerts of {} could not be sent to their webhook after {} attempts: {}", account, n, why);
                return CompletableFuture.completedFuture(false);
            }
            Executor later = CompletableFuture.delayedExecutor(pause.toMillis(), TimeUnit.MILLISECONDS, blocking);
            return CompletableFuture.supplyAsync(() -> null, later)
                    .thenCompose(v -> attempt(url, account, body, n + 1, pause.multipliedBy(2)));
        }).thenCompose(stage -> stage);
    }
}
