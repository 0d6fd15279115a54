package club.micromining.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.JournalWriteConnections;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.device.DeviceState;
import club.micromining.pool.device.ShareRecord;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;

/** The share path's journal write does not wait for the connections the journal's reads hold. */
class JournalWritesTest {
    private static final Split SPLIT = new Split(9_000, 400, 300, 100, 200);

    @Test
    void aShareIsWrittenWhileReadsHoldEveryConnectionOfTheJournalsPool() throws Exception {
        try (Database db = Database.open(TestDatabases.h2())) {
            ActorSystem<Void> system = ReadSideSystems.start(db, "writes", false);
            List<Connection> held = new ArrayList<>();
            try {
                HikariDataSource writes = JournalWriteConnections.get(system.classicSystem()).writers().orElseThrow().pool();
                HikariDataSource journal = db.pools(system).stream().filter(p -> p != db.dataSource() && p != writes).findFirst().orElseThrow();
                ClusterSharding sharding = ClusterSharding.get(system);
                // The entity starts first: its recovery reads through the journal's pool.
                sharding.entityRefFor(DeviceEntity.TYPE_KEY, "alice.bitaxe").<DeviceState>ask(DeviceEntity.GetState::new, ReadSideSystems.TIMEOUT)
                        .toCompletableFuture().get(20, TimeUnit.SECONDS);
                // Then the reads take every connection of it (the projections' tag queries pile up behind them meanwhile).
                for (int i = 0; i < db.settings().poolSize(); i++) {
                    held.add(journal.getConnection());
                }
                ShareRecord share = new ShareRecord("job1", "0000000000000001", "00000001", 0x66221bdf, 1, 0x20000000,
                        1000, 1001, 100, false, 100_000, SPLIT.apply(100_000), System.currentTimeMillis());
                DeviceEntity.Recorded recorded = sharding.entityRefFor(DeviceEntity.TYPE_KEY, "alice.bitaxe")
                        .<DeviceEntity.Recorded>ask(r -> new DeviceEntity.RecordShare(share, r), Duration.ofSeconds(5))
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertThat(recorded).isEqualTo(DeviceEntity.Recorded.RECORDED);
                assertThat(writes.getHikariPoolMXBean().getTotalConnections()).isEqualTo(db.settings().journalWriters());
            } finally {
                for (Connection c : held) {
                    c.close();
                }
                ReadSideSystems.stop(system);
            }
        }
    }
}
