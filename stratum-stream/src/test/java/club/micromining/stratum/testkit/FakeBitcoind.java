package club.micromining.stratum.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on loopback that answers JSON-RPC like bitcoind: getblockchaininfo, getblocktemplate
 * (with long-polling), getbestblockhash, submitblock; basic authentication; and switches for the
 * troubles a pool must survive (wrong chain, initial block download, failing submits, going away).
 */
public final class FakeBitcoind implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer server;
    private int port;
    private final Object lock = new Object();

    public volatile String user = "pool";
    public volatile String password = "secret";
    public volatile String chain = "regtest";
    public volatile boolean initialBlockDownload;
    public volatile boolean longPolling = true;
    /** Submits that fail with HTTP 500 before one succeeds. */
    public final AtomicInteger failingSubmits = new AtomicInteger();
    /** What submitblock answers (null: accepted). */
    public volatile String submitResult;
    /** The {@code rules} of the latest getblocktemplate request. */
    public volatile String lastRules;
    private ObjectNode template;
    private int longPollCounter;
    private final List<String> submitted = new ArrayList<>();

    public FakeBitcoind(ObjectNode template) {
        setTemplate(template);
    }

    public FakeBitcoind start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-bitcoind");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return this;
    }

    /** Goes away: connections are refused until {@link #start()} again (same port). */
    public void stop() {
        server.stop(0);
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    /** A new block: the template is replaced (new previous block), long polls answer. */
    public void setTemplate(ObjectNode next) {
        synchronized (lock) {
            template = next.deepCopy();
            template.put("longpollid", template.path("previousblockhash").asText() + (++longPollCounter));
            lock.notifyAll();
        }
    }

    public ObjectNode template() {
        synchronized (lock) {
            return template.deepCopy();
        }
    }

    public List<String> submitted() {
        synchronized (lock) {
            return List.copyOf(submitted);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            JsonNode request = JSON.readTree(ex.getRequestBody());
            String method = request.path("method").asText();
            JsonNode params = request.path("params");
            ObjectNode response = JSON.createObjectNode();
            response.set("id", request.path("id"));
            response.putNull("error");
            switch (method) {
                case "getblockchaininfo" -> {
                    ObjectNode info = response.putObject("result");
                    ObjectNode t = template();
                    info.put("chain", chain);
                    info.put("blocks", t.path("height").asLong() - 1);
                    info.put("headers", t.path("height").asLong() + (initialBlockDownload ? 1000 : -1));
                    info.put("bestblockhash", t.path("previousblockhash").asText());
                    info.put("initialblockdownload", initialBlockDownload);
                }
                case "getbestblockhash" -> response.put("result", template().path("previousblockhash").asText());
                case "getblocktemplate" -> response.set("result", blockTemplate(params.path(0)));
                case "submitblock" -> {
                    if (failingSubmits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        ex.sendResponseHeaders(500, -1);
                        return;
                    }
                    synchronized (lock) {
                        submitted.add(params.path(0).asText());
                    }
                    if (submitResult == null) {
                        response.putNull("result");
                    } else {
                        response.put("result", submitResult);
                    }
                }
                default -> {
                    response.putNull("result");
                    response.putObject("error").put("code", -32601).put("message", "Method not found");
                }
            }
            byte[] body = response.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        } finally {
            ex.close();
        }
    }

    private JsonNode blockTemplate(JsonNode request) {
        lastRules = request.path("rules").toString();
        String waitFor = request.path("longpollid").asText(null);
        synchronized (lock) {
            if (waitFor != null && longPolling) {
                long deadline = System.currentTimeMillis() + 30_000;
                while (waitFor.equals(template.path("longpollid").asText()) && System.currentTimeMillis() < deadline) {
                    try {
                        lock.wait(Math.max(1, deadline - System.currentTimeMillis()));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            ObjectNode t = template.deepCopy();
            if (!longPolling) {
                t.remove("longpollid");
            }
            return t;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
