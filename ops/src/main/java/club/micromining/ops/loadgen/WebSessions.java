package club.micromining.ops.loadgen;

import club.micromining.ops.Options;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmarks only: holds many open pages of the web app as a browser would, without a browser, to measure
 * what they cost the share path ({@code webload}, next to {@code loadgen}). Each session loads the page,
 * starts its UI ({@code ?v-r=init}), opens the push websocket the way Vaadin's Atmosphere client does,
 * navigates to the route, answers the few calls the page makes back, sends heartbeats, and counts the
 * server's pushes. A real browser also renders and runs the page's scripts; those cost the client, not the node.
 */
public final class WebSessions {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ATMOSPHERE_VERSION = "4.0.1";
    private static final String JSON_TYPE = "application/json; charset=UTF-8";

    private final String base;
    private final String route;
    private final long deadline;
    private final ExecutorService http = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "webload-http");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger errors = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> errorLines = new ConcurrentLinkedQueue<>();

    private WebSessions(String base, String route, long deadline) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.route = route;
        this.deadline = deadline;
    }

    /** {@code webload --url U --sessions N --seconds T [--route R] [--ramp-ms M]}; exit code 0 when no session failed. */
    public static int run(Options o) {
        try {
            return hold(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static int hold(Options o) throws InterruptedException {
        o.requireOnly("url", "sessions", "seconds", "route", "ramp-ms");
        String url = o.string("url", "http://127.0.0.1:8080/");
        int n = o.integer("sessions", 100, 1, 10_000);
        int seconds = o.integer("seconds", 60, 1, 86_400);
        int ramp = o.integer("ramp-ms", 50, 0, 10_000);
        long start = System.currentTimeMillis();
        WebSessions load = new WebSessions(url, o.string("route", ""), start + (long) ramp * n + seconds * 1000L);
        List<Session> sessions = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Session s = load.new Session(i);
            sessions.add(s);
            Thread t = new Thread(s::run, "webload-session-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
            if (ramp > 0) {
                Thread.sleep(ramp);
            }
        }
        System.out.printf("webload: %d sessions started in %.1f s; holding them %d s%n", n,
                (System.currentTimeMillis() - start) / 1000.0, seconds);
        while (System.currentTimeMillis() < load.deadline) {
            Thread.sleep(Math.max(1, Math.min(10_000, load.deadline - System.currentTimeMillis())));
            System.out.printf("webload: %d s: %d websockets open, %d pushes, %d errors%n", (System.currentTimeMillis() - start) / 1000,
                    sessions.stream().filter(s -> s.open).count(), sessions.stream().mapToLong(s -> s.pushes.get()).sum(), load.errors.get());
        }
        for (Thread t : threads) {
            t.join(15_000);
        }
        long pushes = 0;
        long bytes = 0;
        long posts = 0;
        long opened = 0;
        double minRate = Double.MAX_VALUE;
        double maxRate = 0;
        for (Session s : sessions) {
            pushes += s.pushes.get();
            bytes += s.bytes.get();
            posts += s.posts;
            if (s.openedAt > 0) {
                opened++;
                double rate = s.pushes.get() / Math.max(0.001, (s.endedAt - s.openedAt) / 1000.0);
                minRate = Math.min(minRate, rate);
                maxRate = Math.max(maxRate, rate);
            }
        }
        System.out.printf("sessions: %d of %d with an open push websocket%n", opened, n);
        System.out.printf("pushes: %d (%.1f KiB, %.1f KiB each), per session per second min %.2f max %.2f%n", pushes, bytes / 1024.0,
                pushes == 0 ? 0.0 : bytes / 1024.0 / pushes, opened == 0 ? 0.0 : minRate, maxRate);
        System.out.printf("requests to the server after the first page: %d%n", posts);
        System.out.printf("errors: %d%n", load.errors.get());
        load.errorLines.stream().limit(10).forEach(e -> System.out.println("  " + e));
        return load.errors.get() == 0 && opened == n ? 0 : 1;
    }

    private void error(int session, String what) {
        errors.incrementAndGet();
        if (errorLines.size() < 100) {
            errorLines.add("session " + session + ": " + what);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private final class Session implements WebSocket.Listener {
        private final int index;
        private final HttpClient client;
        private final ConcurrentLinkedQueue<ArrayNode> replies = new ConcurrentLinkedQueue<>();
        private final AtomicLong pushes = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();
        private final StringBuilder frame = new StringBuilder();
        private final StringBuilder pending = new StringBuilder();
        private volatile boolean open;
        private volatile boolean closing;
        private volatile long openedAt;
        private volatile long endedAt;
        private volatile long syncId = -1;
        private long posts;
        private int uiId;
        private int clientId;
        private int heartbeatSeconds = 300;
        private String csrf;
        private String padding;
        private volatile long socketHeartbeatMillis;
        private final Map<Long, Integer> promises = new HashMap<>();
        private WebSocket ws;

        Session(int index) {
            this.index = index;
            this.client = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(20)).executor(http).build();
        }

        private HttpRequest.Builder request(String relative) {
            return HttpRequest.newBuilder(URI.create(base + relative)).timeout(Duration.ofSeconds(60))
                    .header("User-Agent", "micromining-webload");
        }

        void run() {
            try {
                start();
                long heartbeatMillis = Math.min(heartbeatSeconds, 30) * 1000L;
                long nextHeartbeat = System.currentTimeMillis() + heartbeatMillis;
                long nextSocketHeartbeat = socketHeartbeatMillis > 0 ? System.currentTimeMillis() + socketHeartbeatMillis : Long.MAX_VALUE;
                while (System.currentTimeMillis() < deadline) {
                    ArrayNode reply = replies.poll();
                    if (reply != null) {
                        post(reply);
                    } else if (System.currentTimeMillis() >= nextSocketHeartbeat) {
                        // What Atmosphere's client sends over the socket to say it is still there.
                        ws.sendText(padding, true);
                        nextSocketHeartbeat = System.currentTimeMillis() + socketHeartbeatMillis;
                    } else if (System.currentTimeMillis() >= nextHeartbeat) {
                        heartbeat();
                        nextHeartbeat = System.currentTimeMillis() + heartbeatMillis;
                    } else {
                        Thread.sleep(20);
                    }
                }
            } catch (Exception e) {
                error(index, e.toString());
            } finally {
                closing = true;
                endedAt = System.currentTimeMillis();
                if (ws != null) {
                    ws.abort();
                }
            }
        }

        private void start() throws Exception {
            HttpResponse<String> page = client.send(request("").header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (page.statusCode() != 200) {
                throw new IllegalStateException("GET / answered " + page.statusCode());
            }
            HttpResponse<String> init = client.send(request("?v-r=init&location=" + enc(route) + "&query=").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode config = JSON.readTree(init.body()).path("appConfig");
            uiId = config.path("v-uiId").asInt();
            heartbeatSeconds = config.path("heartbeatInterval").asInt(heartbeatSeconds);
            JsonNode uidl = config.path("uidl");
            csrf = uidl.path("Vaadin-Security-Key").asText(null);
            String pushId = uidl.path("Vaadin-Push-ID").asText(null);
            if (csrf == null || pushId == null) {
                throw new IllegalStateException("the UI's start carries no security key or push id");
            }
            take(uidl);
            String url = base.replaceFirst("^http", "ws") + "VAADIN/push?v-r=push&v-uiId=" + uiId + "&v-pushId=" + enc(pushId)
                    + "&X-Atmosphere-tracking-id=0&X-Atmosphere-Framework=" + ATMOSPHERE_VERSION
                    + "&X-Atmosphere-Transport=websocket&X-Atmosphere-TrackMessageSize=true"
                    + "&Content-Type=application/json;%20charset=UTF-8&X-atmo-protocol=true"
                    + "&X-Vaadin-LastSeenServerSyncId=" + syncId;
            URI b = URI.create(base);
            ws = client.newWebSocketBuilder().header("Origin", b.getScheme() + "://" + b.getAuthority())
                    .buildAsync(URI.create(url), this).get(30, TimeUnit.SECONDS);
            long until = System.currentTimeMillis() + 15_000;
            while (!open && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            if (!open) {
                throw new IllegalStateException("the push websocket did not complete its handshake in 15 s");
            }
            ObjectNode navigate = JSON.createObjectNode().put("type", "event").put("node", 1).put("event", "ui-navigate");
            navigate.putObject("data").put("route", route).put("query", "").put("appShellTitle", "").put("trigger", "")
                    .putObject("historyState").put("idx", 0);
            post(JSON.createArrayNode().add(navigate));
        }

        private void post(ArrayNode rpc) throws Exception {
            ObjectNode message = JSON.createObjectNode().put("csrfToken", csrf).put("syncId", syncId).put("clientId", clientId++);
            message.set("rpc", rpc);
            HttpResponse<String> r = client.send(request("?v-r=uidl&v-uiId=" + uiId).header("Content-Type", JSON_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(message.toString())).build(), HttpResponse.BodyHandlers.ofString());
            posts++;
            if (r.statusCode() != 200) {
                error(index, "a request to the UI answered " + r.statusCode());
                return;
            }
            String body = r.body().startsWith("for(;;);") ? r.body().substring(8) : r.body();
            JsonNode answer = JSON.readTree(body);
            for (JsonNode change : answer.isArray() ? answer : JSON.createArrayNode().add(answer)) {
                take(change);
            }
        }

        private void heartbeat() {
            try {
                HttpResponse<Void> r = client.send(request("?v-r=heartbeat&v-uiId=" + uiId).POST(HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) {
                    error(index, "a heartbeat answered " + r.statusCode());
                }
            } catch (Exception e) {
                // The server closes a connection idle for 30 s as a heartbeat goes out; a browser sends it again.
                try {
                    client.send(request("?v-r=heartbeat&v-uiId=" + uiId).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.discarding());
                } catch (Exception again) {
                    error(index, "heartbeat: " + again);
                }
            }
        }

        /** A change set: its sync id, and the browser details or grid confirmations the page asks for. */
        private void take(JsonNode changes) {
            long id = changes.path("syncId").asLong(-1);
            synchronized (this) {
                syncId = Math.max(syncId, id);
            }
            JsonNode meta = changes.path("meta");
            if (meta.has("sessionExpired") || meta.has("appError")) {
                error(index, "the server said " + meta);
            }
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode call : changes.path("execute")) {
                String js = call.path(call.size() - 1).asText("");
                JsonNode target = call.path(0);
                if (js.contains("getBrowserDetailsParameters") && target.isArray() && target.size() == 3) {
                    ObjectNode rpc = out.addObject().put("type", "channel").put("node", target.path(1).asInt())
                            .put("channel", target.path(2).asInt());
                    rpc.putArray("args").addObject().put("v-sw", "1920").put("v-sh", "1080").put("v-ww", "1920").put("v-wh", "960")
                            .put("v-bw", "1920").put("v-bh", "960").put("v-tzo", "0").put("v-rtzo", "0").put("v-dstd", "0")
                            .put("v-dston", "false").put("v-tzid", "UTC").put("v-curdate", Long.toString(System.currentTimeMillis()))
                            .put("v-wn", "v-0." + (100_000 + index)).put("v-td", "false").put("v-pr", "1").put("v-np", "Linux x86_64");
                } else if (js.contains("$connector.confirm(") && target.isArray() && call.path(1).isNumber()) {
                    long node = target.path(1).asLong();
                    int promise;
                    synchronized (promises) {
                        promise = promises.merge(node, 1, Integer::sum) - 1;
                    }
                    ObjectNode rpc = out.addObject().put("type", "publishedEventHandler").put("node", node)
                            .put("templateEventMethodName", "confirmUpdate").put("promise", promise);
                    rpc.putArray("templateEventMethodArgs").add(call.path(1).asLong());
                }
            }
            if (!out.isEmpty()) {
                replies.add(out);
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                String message = frame.toString();
                frame.setLength(0);
                try {
                    unframe(message);
                } catch (Exception e) {
                    error(index, "a push could not be read: " + e);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!closing) {
                error(index, "the server closed the push websocket: " + statusCode + " " + reason);
            }
            open = false;
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable e) {
            if (!closing) {
                error(index, "push websocket: " + e);
            }
            open = false;
        }

        /** Atmosphere's track-message-size framing: {@code <length>|<payload>}, possibly several per frame. */
        private void unframe(String raw) throws Exception {
            pending.append(raw);
            while (true) {
                int bar = pending.indexOf("|");
                if (bar < 0) {
                    return;
                }
                int length = Integer.parseInt(pending.substring(0, bar).trim());
                if (bar + 1 + length > pending.length()) {
                    return;
                }
                String payload = pending.substring(bar + 1, bar + 1 + length);
                pending.delete(0, bar + 1 + length);
                message(payload);
            }
        }

        private void message(String payload) throws Exception {
            if (padding == null) {
                // The protocol's handshake: tracking id | heartbeat | padding |
                String[] parts = payload.split("\\|", -1);
                if (parts.length >= 3) {
                    padding = parts[2];
                    try {
                        socketHeartbeatMillis = Long.parseLong(parts[1].trim());
                    } catch (NumberFormatException none) {
                        socketHeartbeatMillis = 0;
                    }
                    openedAt = System.currentTimeMillis();
                    open = true;
                    return;
                }
            }
            String text = payload.trim();
            if (text.isEmpty() || text.equals(padding)) {
                return;
            }
            if (text.startsWith("for(;;);")) {
                text = text.substring(8);
            }
            pushes.incrementAndGet();
            bytes.addAndGet(payload.length());
            JsonNode changes = JSON.readTree(text);
            for (JsonNode c : changes.isArray() ? changes : JSON.createArrayNode().add(changes)) {
                take(c);
            }
        }
    }
}
