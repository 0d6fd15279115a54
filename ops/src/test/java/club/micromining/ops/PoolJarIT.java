package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded {@code micromining-pool.jar} as an operator runs it. The unit tests run the node from the
 * module class path, where every module's {@code reference.conf} is its own resource; only the jar has
 * them merged into one, so only this shows that the merge kept every module's defaults.
 */
class PoolJarIT {
    private static final Duration START_UP = Duration.ofSeconds(60);

    private static Process start(Map<String, String> env, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("pool.jar", "target/micromining-pool.jar"));
        assertThat(jar).as("the shaded jar (built by package)").isRegularFile();
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** All the process writes, kept by a reader thread so the process never blocks on a full pipe. */
    private static final class Output {
        private final List<String> lines = new ArrayList<>();
        private boolean ended;

        Output(Process p) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (this) {
                            lines.add(line);
                            notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process is gone
                }
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }, "pool-jar-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Whether a line containing {@code text} came within the time, before the output ended. */
        synchronized boolean await(String text, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (lines.stream().noneMatch(l -> l.contains(text))) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || ended) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }

        synchronized String text() {
            return String.join("\n", lines);
        }
    }

    @Test
    void theJarStartsServesStratumTheApiAndTheWebAppAndStops(@TempDir Path dataDir) throws Exception {
        int stratumPort = TestNodes.freePort();
        int apiPort = TestNodes.freePort();
        int webPort = TestNodes.freePort();
        Map<String, String> env = TestNodes.env(dataDir, stratumPort, apiPort);
        env.put("POOL_WEB_ENABLED", "true");
        env.put("POOL_WEB_PORT", Integer.toString(webPort));
        Process p = start(env, "run");
        Output out = new Output(p);
        try {
            assertThat(out.await("Stratum listening on stratum+tcp://127.0.0.1:" + stratumPort, START_UP))
                    .as("listening line in:\n%s", out.text()).isTrue();

            try (StratumTestClient miner = StratumTestClient.connect(new InetSocketAddress("127.0.0.1", stratumPort))
                    .handshake("jar.bitaxe")) {
                JsonNode reply = miner.submitShare();
                assertThat(reply.get("result").asBoolean()).as("share reply %s; pool output:\n%s", reply, out.text()).isTrue();
            }

            HttpResponse<String> first = TestNodes.get(apiPort, "/api/pool");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            JsonNode pool = TestNodes.await(apiPort, "/api/pool", j -> j.path("shares").path("accepted").asLong() == 1);
            assertThat(pool.path("network").path("height").asLong()).as(pool.toString()).isEqualTo(1);

            // The web app from the jar: Vaadin in production mode, its pre-compiled bundle inside the jar.
            assertThat(out.await("Web app on http://127.0.0.1:" + webPort, START_UP)).as(out.text()).isTrue();
            HttpResponse<String> page = TestNodes.get(webPort, "/");
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            Matcher script = Pattern.compile("VAADIN/build/[^\"']+\\.js").matcher(page.body());
            assertThat(script.find()).as(page.body()).isTrue();
            assertThat(TestNodes.get(webPort, "/" + script.group()).statusCode()).isEqualTo(200);
            assertThat(out.text()).doesNotContain("development mode");
            String lnurlAuth = TestNodes.get(webPort, "/api/lnurl-auth?tag=login&k1=00&sig=00&key=00").body();
            assertThat(lnurlAuth).contains("\"status\":\"ERROR\"");
        } finally {
            p.destroy();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped on SIGTERM; output:\n%s", out.text()).isTrue();
        }
    }

    @Test
    void aWrongOptionOrSettingExitsWithCode2NamingIt(@TempDir Path dataDir) throws Exception {
        Map<String, String> env = Map.of("POOL_DATA_DIR", dataDir.toString());
        Process bogus = start(env, "run", "--bogus");
        Output bogusOut = new Output(bogus);
        assertThat(bogus.waitFor(START_UP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(bogus.exitValue()).as(bogusOut.text()).isEqualTo(2);
        assertThat(bogusOut.await("micromining-pool: option --bogus", Duration.ofSeconds(5))).as(bogusOut.text()).isTrue();

        // A setting of stratum-stream's reference.conf: a merge that lost it would fail differently.
        Process wrong = start(Map.of("POOL_DATA_DIR", env.get("POOL_DATA_DIR"), "POOL_STRATUM_PORT", "70000"), "run");
        Output wrongOut = new Output(wrong);
        assertThat(wrong.waitFor(START_UP.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(wrong.exitValue()).as(wrongOut.text()).isEqualTo(2);
        assertThat(wrongOut.await("micromining.stratum.port", Duration.ofSeconds(5))).as(wrongOut.text()).isTrue();
        assertThat(wrongOut.text()).contains("POOL_STRATUM_PORT").contains("70000");

        // A port another program holds: the listener that failed is named, not a stack trace.
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process busy = start(Map.of("POOL_DATA_DIR", env.get("POOL_DATA_DIR"), "POOL_CLUSTER_PORT",
                    Integer.toString(taken.getLocalPort()), "POOL_STRATUM_PORT", "0", "POOL_API_PORT", "0",
                    "POOL_MANAGEMENT_PORT", "0"), "run");
            Output busyOut = new Output(busy);
            assertThat(busy.waitFor(START_UP.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(busy.exitValue()).as(busyOut.text()).isEqualTo(2);
            assertThat(busyOut.await("micromining-pool: the cluster listener could not start", Duration.ofSeconds(5)))
                    .as(busyOut.text()).isTrue();
            assertThat(busyOut.text()).contains("POOL_CLUSTER_PORT").contains("in use");
        }
    }
}
