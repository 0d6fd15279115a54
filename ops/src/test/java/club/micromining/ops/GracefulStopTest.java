package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An operator stops the node with a plain SIGTERM while a miner streams shares at it: the node stops in
 * order (listeners, shares in flight, connections, projections, database), logs no ERROR and no stack
 * trace, and after a restart every share the miner was told {@code true} for is counted, once.
 */
class GracefulStopTest {
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    /** A pool process whose every output line is kept. */
    private record Pool(Process process, List<String> output, CountDownLatch ended) {
        /** Everything it printed, once it has exited and its output has been read to the end. */
        List<String> allOutput() throws InterruptedException {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
            assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
            return output;
        }
    }

    private static Pool startPool(Map<String, String> env, int stratumPort) throws Exception {
        Process p = PoolProcessTest.start(env, "run");
        List<String> output = new CopyOnWriteArrayList<>();
        CountDownLatch listening = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        Thread pump = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    output.add(line);
                    if (line.contains("Stratum listening on stratum+tcp://127.0.0.1:" + stratumPort)) {
                        listening.countDown();
                    }
                }
            } catch (Exception e) {
                // the process ended
            } finally {
                ended.countDown();
            }
        }, "pool-output");
        pump.setDaemon(true);
        pump.start();
        assertThat(listening.await(90, TimeUnit.SECONDS)).as("pool process started: %s", output).isTrue();
        return new Pool(p, output, ended);
    }

    @Test
    void aSigtermDuringMiningLogsNoErrorAndLosesNoAcknowledgedShare() throws Exception {
        Path data = Files.createTempDirectory("micromining-sigterm");
        int stratumPort = TestNodes.freePort();
        int apiPort = TestNodes.freePort();
        Map<String, String> env = TestNodes.env(data, stratumPort, apiPort);
        Pool pool = startPool(env, stratumPort);
        List<String[]> confirmed = new ArrayList<>();
        try (StratumTestClient miner = StratumTestClient.connect(new InetSocketAddress("127.0.0.1", stratumPort))
                .handshake("calm.bitaxe")) {
            List<String[]> shares = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                shares.add(miner.mine(true, 0));
            }
            List<Integer> ids = new ArrayList<>();
            try {
                for (String[] share : shares) {
                    ids.add(miner.request("mining.submit", (Object[]) share));
                    if (ids.size() == 100) {
                        miner.reply(ids.get(50));
                        // SIGTERM, as an operator sends it (Process.destroy would also close the pipe its log comes through).
                        pool.process().toHandle().destroy();
                    }
                }
            } catch (RuntimeException e) {
                // the node closed the connection: the rest of the stream cannot be sent
            }
            assertThat(pool.process().waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
            assertThat(miner.awaitClosed(Duration.ofSeconds(30))).isTrue();
            for (JsonNode m : miner.received()) {
                if (m.path("result").asBoolean() && m.path("id").asInt() >= ids.get(0)) {
                    confirmed.add(shares.get(ids.indexOf(m.path("id").asInt())));
                }
            }
        } finally {
            pool.process().destroyForcibly();
        }
        List<String> output = pool.allOutput();
        assertThat(output).as("an orderly stop").anyMatch(l -> l.contains("Pool stopped"));
        assertThat(output).as("no ERROR line on a clean stop").noneMatch(l -> l.matches(".*\\sERROR\\s.*"));
        assertThat(output).as("no stack trace on a clean stop").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
        assertThat(confirmed.size()).as("shares confirmed before the stop").isGreaterThanOrEqualTo(50);

        Pool again = startPool(env, stratumPort);
        try {
            TestNodes.await(apiPort, "/api/pool", p -> p.path("shares").path("accepted").asLong() >= confirmed.size());
        } finally {
            again.process().toHandle().destroy();
        }
        assertThat(again.allOutput()).noneMatch(l -> l.matches(".*\\sERROR\\s.*")).anyMatch(l -> l.contains("Pool stopped"));
        Set<String> journal = new HashSet<>();
        String url = DatabaseSettings.h2FileUrl(data.resolve("micromining").toAbsolutePath());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"event_payload\", \"event_ser_manifest\" FROM \"event_journal\" "
                     + "WHERE \"persistence_id\" = 'Device|calm.bitaxe'")) {
            while (rs.next()) {
                if (rs.getString(2).endsWith("ShareAccepted")) {
                    JsonNode share = CBOR.readTree(rs.getBytes(1)).get("share");
                    String key = share.get("jobId").asText() + "/" + share.get("extranonce2").asText() + "/"
                            + String.format("%08x", share.get("ntime").asInt()) + "/" + String.format("%08x", share.get("nonce").asInt());
                    assertThat(journal.add(key)).as("recorded once: %s", key).isTrue();
                }
            }
        }
        for (String[] share : confirmed) {
            assertThat(journal).contains(share[1] + "/" + share[2] + "/" + share[3] + "/" + share[4]);
        }
    }
}
