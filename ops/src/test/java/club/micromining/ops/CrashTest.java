package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A pool in its own JVM is killed with SIGKILL while a miner streams shares at it. After a restart on
 * the same data directory, every share the miner was told {@code true} for is in the journal.
 */
class CrashTest {
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private static Process startPool(Map<String, String> env, int stratumPort) throws Exception {
        return PoolProcessTest.startListening(env, stratumPort, "run");
    }

    @Test
    void everyConfirmedShareIsInTheJournalAfterSigkill() throws Exception {
        Path data = Files.createTempDirectory("micromining-crash");
        int stratumPort = TestNodes.freePort();
        int apiPort = TestNodes.freePort();
        Map<String, String> env = TestNodes.env(data, stratumPort, apiPort);
        env.put("POOL_LEDGER_PERIOD", "1s");
        env.put("POOL_LEDGER_SEAL_DELAY", "0s");

        Process pool = startPool(env, stratumPort);
        List<String[]> confirmed = new ArrayList<>();
        try {
            streamSharesAndKill(pool, stratumPort, confirmed);
        } finally {
            pool.destroyForcibly();
        }
        assertThat(confirmed.size()).as("shares confirmed before the kill").isGreaterThanOrEqualTo(100).isLessThan(400);
        checkAfterRestart(env, data, stratumPort, apiPort, confirmed);
    }

    private static void streamSharesAndKill(Process pool, int stratumPort, List<String[]> confirmed) throws Exception {
        try (StratumTestClient miner = StratumTestClient.connect(new InetSocketAddress("127.0.0.1", stratumPort))
                .handshake("crash.bitaxe")) {
            List<String[]> shares = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                shares.add(miner.mine(true, 0));
            }
            List<Integer> ids = new ArrayList<>();
            try {
                for (String[] share : shares) {
                    ids.add(miner.request("mining.submit", (Object[]) share));
                    if (ids.size() == 150) {
                        // Mid-stream: wait for some confirmations, then kill while more submits are in flight.
                        miner.reply(ids.get(100));
                        pool.destroyForcibly();
                    }
                }
            } catch (RuntimeException e) {
                // the pool is gone: the rest of the stream cannot be sent
            }
            assertThat(pool.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(miner.awaitClosed(java.time.Duration.ofSeconds(30))).isTrue();
            for (JsonNode m : miner.received()) {
                if (m.path("result").asBoolean() && m.path("id").asInt() >= ids.get(0)) {
                    confirmed.add(shares.get(ids.indexOf(m.path("id").asInt())));
                }
            }
        }
    }

    private static void checkAfterRestart(Map<String, String> env, Path data, int stratumPort, int apiPort,
                                          List<String[]> confirmed) throws Exception {
        Process again = startPool(env, stratumPort);
        String ledger;
        try {
            TestNodes.await(apiPort, "/api/pool", p -> p.path("shares").path("accepted").asLong() >= confirmed.size());
            // The ledger's contributions once they stop growing: every share of the journal, sealed.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long before = -1;
            while (true) {
                ledger = TestNodes.get(apiPort, "/api/ledger/export").body();
                long now = ledgerShares(ledger);
                if ((now == before && now >= confirmed.size()) || System.nanoTime() > deadline) {
                    break;
                }
                before = now;
                Thread.sleep(1500);
            }
        } finally {
            again.destroy();
            if (!again.waitFor(60, TimeUnit.SECONDS)) {
                again.destroyForcibly();
            }
        }

        Set<String> journal = new HashSet<>();
        String url = DatabaseSettings.h2FileUrl(data.resolve("micromining").toAbsolutePath());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"event_payload\", \"event_ser_manifest\" FROM \"event_journal\" "
                     + "WHERE \"persistence_id\" = 'Device|crash.bitaxe'")) {
            while (rs.next()) {
                if (rs.getString(2).endsWith("ShareAccepted")) {
                    JsonNode share = CBOR.readTree(rs.getBytes(1)).get("share");
                    String key = share.get("jobId").asText() + "/" + share.get("extranonce2").asText() + "/"
                            + String.format("%08x", share.get("ntime").asInt()) + "/" + String.format("%08x", share.get("nonce").asInt());
                    assertThat(journal.add(key)).as("credited once: %s", key).isTrue();
                }
            }
        }
        for (String[] share : confirmed) {
            assertThat(journal).contains(share[1] + "/" + share[2] + "/" + share[3] + "/" + share[4]);
        }
        // The ledger survived the kill with no gap and no duplicate: it verifies, and counts each share of the journal once.
        Path export = data.resolve("ledger.jsonl");
        Files.writeString(export, ledger);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = club.micromining.ops.ledger.VerifyLedger.run(new String[] {export.toString()},
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(ledgerShares(ledger)).isEqualTo(journal.size());
    }

    /** The shares of crash.bitaxe the ledger's contribution entries count. */
    private static long ledgerShares(String export) throws Exception {
        long n = 0;
        for (String line : export.split("\n")) {
            if (line.contains("\"kind\":\"contribution\"")) {
                JsonNode p = new ObjectMapper().readTree(line).get("payload");
                if (p.get("account").asText().equals("crash") && p.get("worker").asText().equals("bitaxe")) {
                    n += p.get("shares").asLong();
                }
            }
        }
        return n;
    }
}
