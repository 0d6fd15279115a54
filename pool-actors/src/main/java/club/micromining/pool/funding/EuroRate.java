package club.micromining.pool.funding;

import club.micromining.pool.PoolSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Euros per bitcoin, for showing the goal and proposals' amounts in euros: the configured rate, or what an
 * HTTP price source last answered. Asked with a timeout on its own schedule; nothing ever waits for it, and
 * while it cannot be reached the last rate stays. It only shows: no amount of money is decided in euros.
 */
public final class EuroRate {
    private static final Logger log = LoggerFactory.getLogger(EuroRate.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PoolSettings.FundingGoal settings;
    private final AtomicLong rate;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final HttpClient http;

    public EuroRate(PoolSettings.FundingGoal settings) {
        this.settings = settings;
        this.rate = new AtomicLong(settings.eurPerBtc());
        this.http = settings.priceUrl() == null ? null
                : HttpClient.newBuilder().connectTimeout(settings.priceTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public long eurPerBtc() {
        return rate.get();
    }

    public boolean live() {
        return http != null;
    }

    /** Asks the price source once (blocking, at most the timeout); keeps the last rate when it does not answer well. */
    public void refresh() {
        if (http == null) {
            return;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(settings.priceUrl()).timeout(settings.priceTimeout())
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
            long value = parse(r.body(), settings.priceJsonPointer());
            rate.set(value);
            if (failing.compareAndSet(true, false)) {
                log.info("Price source answers again: {} EUR/BTC", value);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (failing.compareAndSet(false, true)) {
                log.warn("Price source {} does not answer ({}); showing euros at {} EUR/BTC until it does", settings.priceUrl(),
                        e.getMessage(), rate.get());
            }
        }
    }

    /** The rate at {@code pointer} in a JSON answer, in whole euros; a missing or non-positive one is an error. */
    static long parse(String body, String pointer) throws java.io.IOException {
        JsonNode n = JSON.readTree(body).at(pointer);
        if (!n.isNumber() || n.asDouble() < 1) {
            throw new IllegalStateException("no positive number at " + pointer);
        }
        return n.decimalValue().longValue();
    }
}
