package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A pool node in its own process, as the tests of a cluster run it, and what it printed. */
final class NodeProcess {
    private static final Pattern METRIC = Pattern.compile("^(micromining_cluster_[a-z_]+)(\\{[^}]*})?\\s+([0-9.eE+-]+)$", Pattern.MULTILINE);

    final Map<String, String> env;
    final int stratum;
    final int api;
    Process process;
    final Queue<String> lines = new ConcurrentLinkedQueue<>();

    /** What the node printed, every start appended (kept for a look after a failed run). */
    final Path log;

    NodeProcess(Map<String, String> env, int stratum, int api) throws java.io.IOException {
        this.log = Path.of("target", "cluster-node-" + stratum + ".log");
        Files.deleteIfExists(log);
        this.env = env;
        this.stratum = stratum;
        this.api = api;
    }

    void start() throws Exception {
        lines.clear();
        process = PoolProcessTest.start(env, "run");
        Process p = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 java.io.Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                         java.nio.file.StandardOpenOption.APPEND)) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    file.write(line);
                    file.write('\n');
                    file.flush();
                }
            } catch (Exception e) {
                // the process ended
            }
        }, "node-output-" + stratum);
        pump.setDaemon(true);
        pump.start();
    }

    boolean printed(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    Map<String, Double> cluster() {
        Map<String, Double> m = new java.util.HashMap<>();
        try {
            Matcher x = METRIC.matcher(TestNodes.get(api, "/metrics").body());
            while (x.find()) {
                m.merge(x.group(1), Double.parseDouble(x.group(3)), Double::sum);
            }
        } catch (Exception e) {
            // not listening yet
        }
        return m;
    }

    double metric(String name) {
        return cluster().getOrDefault(name, -1.0);
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    /** SIGTERM, as an operator's stop or a rolling restart sends it; the exit code, or -1 if it had to be killed. */
    int stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
        }
        return process == null ? 0 : process.exitValue();
    }

    /** Each ERROR line with the few lines after it (the cause), from every run of this node in the test. */
    List<String> errors() throws java.io.IOException {
        List<String> all = Files.readAllLines(log);
        List<String> found = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).contains(" ERROR ")) {
                found.add(String.join("\n", all.subList(i, Math.min(all.size(), i + 8))));
            }
        }
        return found;
    }

    long count(String text) {
        return lines.stream().filter(l -> l.contains(text)).count();
    }

    /** The node id in the first two bytes of the extranonce1 it gives a new connection. */
    int prefix() throws Exception {
        try (Socket s = new Socket("127.0.0.1", stratum)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"bitaxe/BM1366/v2.4.0\"]}\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            JsonNode reply = new ObjectMapper().readTree(new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine());
            return Integer.parseInt(reply.get("result").get(1).asText().substring(0, 4), 16);
        }
    }
}
