package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The node as an operator starts it: a separate JVM, configured through environment variables. */
class PoolProcessTest {

    /** Starts the pool process with {@code args} and waits for its Stratum listener on {@code stratumPort}. */
    static Process startListening(Map<String, String> env, int stratumPort, String... args) throws Exception {
        Process p = start(env, args);
        java.util.concurrent.CountDownLatch listening = new java.util.concurrent.CountDownLatch(1);
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.contains("Stratum listening on stratum+tcp://127.0.0.1:" + stratumPort)) {
                        listening.countDown();
                    }
                }
            } catch (Exception e) {
                // the process ended
            }
        }, "pool-output");
        pump.setDaemon(true);
        pump.start();
        assertThat(listening.await(90, TimeUnit.SECONDS)).as("pool process started").isTrue();
        return p;
    }

    static Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        return pb.start();
    }

    @Test
    void aWrongSettingStopsStartUpNamingIt() throws Exception {
        Process p = start(Map.of("POOL_STRATUM_PORT", "70000"), "run");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("POOL_STRATUM_PORT").contains("micromining.stratum.port").contains("70000");

        Process q = start(Map.of("POOL_NETWORK", "mainnet", "POOL_PAYOUT_ADDRESS", "bcrt1qdnzp36skyqxssezd9xy34su8qtva8lwkmeehd9"), "run");
        String mainnet = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).isEqualTo(2);
        assertThat(mainnet).contains("POOL_PAYOUT_ADDRESS").contains("another network");

        // Off regtest the public URL is required, and https: it is every wallet callback's base.
        String address = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq";
        for (Map<String, String> env : List.of(Map.of("POOL_NETWORK", "mainnet", "POOL_PAYOUT_ADDRESS", address),
                Map.of("POOL_NETWORK", "mainnet", "POOL_PAYOUT_ADDRESS", address, "POOL_PUBLIC_URL", "http://pool.example"))) {
            Process r = start(env, "run");
            String out = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(r.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(r.exitValue()).as(out).isEqualTo(2);
            assertThat(out).contains("POOL_PUBLIC_URL").contains(env.containsKey("POOL_PUBLIC_URL") ? "https://" : "required");
        }
    }

    @Test
    void unknownCommandsAndOptionsAreRefused() throws Exception {
        Process p = start(Map.of(), "run", "--simulte", "3");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(output).contains("unknown option --simulte");
    }

    @Test
    void simulatedDevicesMineOnTheEmbeddedChain() throws Exception {
        int port = TestNodes.freePort();
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-sim"), port, TestNodes.freePort());
        env.put("POOL_START_DIFFICULTY", "0.000002");
        env.put("POOL_MAX_DIFFICULTY", "1");
        env.put("POOL_STATUS_INTERVAL", "1s");
        env.put("POOL_SIMULATE_HASHRATE", "200000");
        Process p = start(env, "run", "--simulate", "3");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            boolean listening = false;
            boolean mining = false;
            String line;
            while (!mining && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                seen.add(line);
                listening |= line.contains("Stratum listening on stratum+tcp://127.0.0.1:" + port);
                mining |= listening && line.matches(".*Pool: 3 devices on 3 connections, [1-9][0-9]* shares accepted.*");
            }
            assertThat(listening).as("listening line in %s", seen).isTrue();
            assertThat(mining).as("simulated devices' shares accepted in %s", seen).isTrue();
        } finally {
            p.destroy();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }
}
