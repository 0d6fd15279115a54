package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.persistence.TestDatabases;
import club.micromining.persistence.db.DatabaseSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One writer per database, on whole nodes: a node that is not of the holder's cluster is refused by a
 * PostgreSQL database another node holds, and takes it once the holder, killed with SIGKILL, let its lease
 * expire; a second process on an embedded H2 database is refused with words that say why.
 */
class DatabaseLeaseNodeTest {

    private static Map<String, String> onPostgres(Path dir, DatabaseSettings pg, int stratumPort, int apiPort, int clusterPort) {
        Map<String, String> env = TestNodes.env(dir, stratumPort, apiPort);
        env.put("POOL_DB_URL", pg.url());
        env.put("POOL_DB_USER", pg.user());
        env.put("POOL_DB_LEASE_TTL", "3s");
        env.put("POOL_CLUSTER_PORT", Integer.toString(clusterPort));
        return env;
    }

    @Test
    void aNodeOfAnotherClusterIsRefusedUntilTheKilledHoldersLeaseHasExpired() throws Exception {
        DatabaseSettings pg = TestDatabases.postgres();
        int stratumPort = TestNodes.freePort();
        int clusterPort = TestNodes.freePort();
        Map<String, String> holderEnv = onPostgres(Files.createTempDirectory("micromining-lease-a"), pg, stratumPort,
                TestNodes.freePort(), clusterPort);
        Process holder = PoolProcessTest.startListening(holderEnv, stratumPort, "run");
        Path holderDir = Path.of(holderEnv.get("POOL_DATA_DIR"));
        Map<String, String> other = onPostgres(Files.createTempDirectory("micromining-lease-b"), pg, 0, 0, 0);
        // The node that takes over signs the same ledger, with the key its operator copied over.
        Files.copy(holderDir.resolve("ledger-ed25519.key"), Path.of(other.get("POOL_DATA_DIR"), "ledger-ed25519.key"));
        try {
            assertThatThrownBy(() -> PoolNode.start(TestNodes.config(other), 0).close())
                    .hasMessageContaining("another cluster").hasMessageContaining("POOL_CLUSTER_SEEDS=127.0.0.1:" + clusterPort);
        } finally {
            holder.destroyForcibly();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long killed = System.nanoTime();
        PoolNode taken = null;
        while (taken == null) {
            try {
                taken = PoolNode.start(TestNodes.config(other), 0);
            } catch (IllegalStateException stillHeld) {
                assertThat(stillHeld).hasMessageContaining("another cluster");
                assertThat(System.nanoTime() - killed).as("the lease expires").isLessThan(TimeUnit.SECONDS.toNanos(30));
                Thread.sleep(500);
            }
        }
        taken.close();
    }

    @Test
    void anEmbeddedDatabaseIsOneNodesAndASecondProcessIsToldSo() throws Exception {
        Path dir = Files.createTempDirectory("micromining-h2-owner");
        int stratumPort = TestNodes.freePort();
        Process first = PoolProcessTest.startListening(TestNodes.env(dir, stratumPort, TestNodes.freePort()), stratumPort, "run");
        try {
            Process second = PoolProcessTest.start(TestNodes.env(dir, TestNodes.freePort(), TestNodes.freePort()), "run");
            String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(out).isEqualTo(2);
            assertThat(out).contains("is open in another node process", "POOL_DATA_DIR");
        } finally {
            first.destroy();
            first.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
