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
import java.util.function.Consumer;

/**
 * An HTTP server on loopback that answers JSON-RPC like bitcoind: getblockchaininfo, getblocktemplate
 * (with long-polling), getbestblockhash, submitblock; basic authentication; and switches for the
 * troubles a pool must survive (wrong chain, initial block download, warming up after a restart,
 * failing or slow submits, going away). Every request is recorded with its credentials.
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
    /** Submits that fail with HTTP 500 (no JSON, a transport error to the client) before one succeeds. */
    public final AtomicInteger failingSubmits = new AtomicInteger();
    /** What submitblock answers (null: accepted, or "duplicate" for a block it already has). */
    public volatile String submitResult;
    /** Answers every call with error -28, as bitcoind does while it starts (loading the block index). */
    public volatile boolean warmingUp;
    /** Closes every connection without an answer, as a node that crashes mid-request. */
    public volatile boolean dropping;
    /** How long submitblock takes before it answers. */
    public volatile long submitDelayMillis;
    /** Called with the block of every submitblock that gets through, before it is answered. */
    public volatile Consumer<String> onSubmit = hex -> { };
    /** The {@code rules} of the latest getblocktemplate request. */
    public volatile String lastRules;
    private ObjectNode template;
    private int longPollCounter;
    private final List<String> submitted = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private long blockchainInfoCalls;

    /**
     * A request as it arrived.
     *
     * @param authorization its {@code Authorization} header
     * @param authorized    whether the credentials were the ones expected at that moment
     */
    public record Request(String method, JsonNode params, String authorization, boolean authorized) {
    }

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

    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    /** The {@code longpollid} of every getblocktemplate request that carried one, in order. */
    public List<String> longPollIds() {
        return requests().stream().filter(r -> r.method().equals("getblocktemplate") && r.params().path(0).has("longpollid"))
                .map(r -> r.params().path(0).path("longpollid").asText()).toList();
    }

    /** The {@code Authorization} header bitcoind expects for these credentials. */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String authorization = ex.getRequestHeaders().getFirst("Authorization");
            boolean authorized = basic(user, password).equals(authorization);
            JsonNode request = JSON.readTree(ex.getRequestBody());
            String method = request.path("method").asText();
            JsonNode params = request.path("params");
            synchronized (lock) {
                requests.add(new Request(method, params, authorization, authorized));
            }
            if (dropping) {
                return;
            }
            if (!authorized) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            ObjectNode response = JSON.createObjectNode();
            response.set("id", request.path("id"));
            response.putNull("error");
            if (warmingUp) {
                response.putNull("result");
                response.putObject("error").put("code", -28).put("message", "Loading block index…");
                send(ex, 500, response);
                return;
            }
            switch (method) {
                case "getblockchaininfo" -> {
                    ObjectNode info = response.putObject("result");
                    ObjectNode t = template();
                    long calls;
                    synchronized (lock) {
                        calls = ++blockchainInfoCalls;
                    }
                    info.put("chain", chain);
                    // A node in initial block download gains blocks between two calls.
                    info.put("blocks", t.path("height").asLong() - 1 - (initialBlockDownload ? 100_000 - calls : 0));
                    info.put("headers", t.path("height").asLong() + (initialBlockDownload ? 1000 : -1));
                    info.put("bestblockhash", t.path("previousblockhash").asText());
                    info.put("initialblockdownload", initialBlockDownload);
                }
                case "getbestblockhash" -> response.put("result", template().path("previousblockhash").asText());
                case "getblockhash" -> {
                    long height = params.path(0).asLong();
                    long tip = template().path("height").asLong() - 1;
                    if (height > tip || height < 0) {
                        response.putObject("error").put("code", -8).put("message", "Block height out of range");
                    } else {
                        response.put("result", height == tip ? template().path("previousblockhash").asText() : String.format("%064x", height));
                    }
                }
                case "getblocktemplate" -> response.set("result", blockTemplate(params.path(0)));
                case "submitblock" -> {
                    if (failingSubmits.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        ex.sendResponseHeaders(500, -1);
                        return;
                    }
                    onSubmit.accept(params.path(0).asText());
                    if (submitDelayMillis > 0) {
                        try {
                            Thread.sleep(submitDelayMillis);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    String result = submitResult;
                    synchronized (lock) {
                        if (result == null && submitted.contains(params.path(0).asText())) {
                            result = "duplicate";
                        }
                        submitted.add(params.path(0).asText());
                    }
                    if (result == null) {
                        response.putNull("result");
                    } else {
                        response.put("result", result);
                    }
                }
                default -> {
                    response.putNull("result");
                    response.putObject("error").put("code", -32601).put("message", "Method not found");
                }
            }
            send(ex, 200, response);
        } finally {
            ex.close();
        }
    }

    private static void send(HttpExchange ex, int status, ObjectNode response) throws IOException {
        byte[] body = response.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
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
