package club.micromining.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/** Settings and an HTTP client for tests that run whole pool nodes. */
final class TestNodes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestNodes() {
    }

    /**
     * Environment for a node on loopback with its own data directory and free ports, where a CPU finds
     * a share in milliseconds and no block by chance.
     */
    static Map<String, String> env(Path dataDir, int stratumPort, int apiPort) {
        Map<String, String> env = new HashMap<>();
        env.put("POOL_DATA_DIR", dataDir.toString());
        env.put("POOL_BIND_HOST", "127.0.0.1");
        env.put("POOL_STRATUM_PORT", Integer.toString(stratumPort));
        env.put("POOL_API_PORT", Integer.toString(apiPort));
        // Health on a free port too, so nodes of concurrent test runs never meet on the default.
        env.put("POOL_MANAGEMENT_PORT", "0");
        env.put("POOL_CLUSTER_PORT", "0");
        env.put("POOL_MIN_DIFFICULTY", "1e-8");
        env.put("POOL_START_DIFFICULTY", "1e-6");
        env.put("POOL_MAX_DIFFICULTY", "1e-6");
        env.put("POOL_EMBEDDED_START_DIFFICULTY", "1000");
        env.put("POOL_PROJECTION_POLL_INTERVAL", "100ms");
        env.put("POOL_REJECTIONS_INTERVAL", "1s");
        env.put("POOL_MAX_SUBMITS_PER_SECOND", "1000");
        // The web app's server takes seconds to start; the tests that need it turn it on.
        env.put("POOL_WEB_ENABLED", "false");
        return env;
    }

    /** The same settings for a node in this JVM: root keys stand in for the environment variables. */
    static Config config(Map<String, String> env) {
        return ConfigFactory.parseMap(env).withFallback(ConfigFactory.defaultApplication())
                .withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
    }

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port free now, below Linux's ephemeral range (32768 and up), and not handed out before in this JVM. A port
     * the kernel picks (bind to 0) is an ephemeral one, and a node's own outbound connections (to the database, to
     * its peers) took one between this call and the node's bind: its start failed with "Bind failed".
     */
    static int freePort() throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int tries = 0; tries < 1000; tries++) {
            int port = 20_000 + random.nextInt(12_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // another process has it: try the next
            }
        }
        throw new IOException("no free port found between 20000 and 32000");
    }

    static HttpResponse<String> get(int apiPort, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(int apiPort, String path) throws IOException, InterruptedException {
        return JSON.readTree(get(apiPort, path).body());
    }

    /** The node's ledger entries of a kind (at most 1 000), each whole: seq, time, kind, payload, prev. */
    static java.util.List<JsonNode> ledgerEntries(int apiPort, String kind) throws IOException, InterruptedException {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        for (String line : get(apiPort, "/api/ledger?limit=1000&kind=" + kind).body().lines().toList()) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** Polls a JSON endpoint until the condition holds (read models are updated asynchronously). */
    static JsonNode await(int apiPort, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r;
            try {
                r = get(apiPort, path);
            } catch (IOException e) {
                Thread.sleep(200);
                continue;
            }
            if (r.statusCode() == 200) {
                last = JSON.readTree(r.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("condition not met on " + path + "; last answer: " + last);
    }
}
