package club.micromining.stratum.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bitcoind's JSON-RPC over HTTP with basic authentication, from a user and password or from the cookie
 * file (read again after a refusal, since bitcoind writes a new one on every start).
 */
final class JsonRpcClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BitcoindSettings settings;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();
    private volatile String authorization;

    /** bitcoind answered with an error object: a definite answer, not a transport problem. */
    static final class RpcError extends Exception {
        final int code;

        RpcError(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** bitcoind refused the credentials (HTTP 401). */
    static final class Unauthorized extends IOException {
        Unauthorized(String message) {
            super(message);
        }
    }

    JsonRpcClient(BitcoindSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.rpcTimeout()).build();
    }

    JsonNode call(String method, Object... params) throws IOException, RpcError, InterruptedException {
        return call(settings.rpcTimeout(), method, params);
    }

    /** A call with its own timeout (long-polling waits much longer than an ordinary call). */
    JsonNode call(Duration timeout, String method, Object... params) throws IOException, RpcError, InterruptedException {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "1.0");
        request.put("id", ids.incrementAndGet());
        request.put("method", method);
        ArrayNode p = request.putArray("params");
        for (Object o : params) {
            p.add(JSON.valueToTree(o));
        }
        HttpResponse<String> response = send(request.toString(), timeout);
        if (response.statusCode() == 401) {
            authorization = null;
            response = send(request.toString(), timeout);
            if (response.statusCode() == 401) {
                throw new Unauthorized("bitcoind refused the RPC credentials (POOL_BITCOIND_USER, POOL_BITCOIND_PASSWORD"
                        + " or POOL_BITCOIND_COOKIE_FILE)");
            }
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("bitcoind answered " + method + " with HTTP " + response.statusCode() + " and no JSON");
        }
        JsonNode error = body.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new RpcError(error.path("code").asInt(), error.path("message").asText(error.toString()));
        }
        if (response.statusCode() != 200) {
            throw new IOException("bitcoind answered " + method + " with HTTP " + response.statusCode());
        }
        return body.path("result");
    }

    private HttpResponse<String> send(String body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String authorization() throws IOException {
        String a = authorization;
        if (a == null) {
            String credentials = settings.cookieFile() != null
                    ? Files.readString(settings.cookieFile(), StandardCharsets.UTF_8).trim()
                    : settings.user() + ":" + settings.password();
            a = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
            authorization = a;
        }
        return a;
    }
}
