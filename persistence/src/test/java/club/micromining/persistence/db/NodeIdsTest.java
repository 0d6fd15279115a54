package club.micromining.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Node ids from the cluster's database, on H2 and PostgreSQL. */
class NodeIdsTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void nodesStartingTogetherNeverShareAnIdAndAnAddressTakesItsOwnBack(String name, DatabaseSettings settings) throws Exception {
        try (Database db = Database.open(settings)) {
            Duration ttl = Duration.ofMinutes(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            Set<Integer> ids = ConcurrentHashMap.newKeySet();
            List<Future<?>> claims = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String holder = "10.0.0." + i + ":25520";
                claims.add(pool.submit(() -> ids.add(new NodeIds(db.dataSource(), holder, ttl).claim())));
            }
            for (Future<?> f : claims) {
                f.get();
            }
            pool.shutdown();
            assertThat(ids).as("eight nodes, eight ids, the lowest ones").containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);

            NodeIds restarted = new NodeIds(db.dataSource(), "10.0.0.3:25520", ttl);
            int again = restarted.claim();
            assertThat(new NodeIds(db.dataSource(), "10.0.0.3:25520", ttl).claim()).isEqualTo(again);
            assertThat(restarted.renew()).isTrue();
            restarted.release();
            assertThat(new NodeIds(db.dataSource(), "10.0.0.9:25520", ttl).claim()).as("a released id is free").isEqualTo(again);
            assertThat(new NodeIds(db.dataSource(), "10.0.0.10:25520", ttl).claim()).isEqualTo(8);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void theIdOfANodeThatStoppedRenewingIsTakenOnceItExpired(String name, DatabaseSettings settings) throws Exception {
        try (Database db = Database.open(settings)) {
            NodeIds gone = new NodeIds(db.dataSource(), "10.0.0.1:25520", Duration.ofMillis(200));
            assertThat(gone.claim()).isZero();
            NodeIds other = new NodeIds(db.dataSource(), "10.0.0.2:25520", Duration.ofMinutes(1));
            assertThat(other.claim()).as("held: the next one").isEqualTo(1);
            Thread.sleep(400);
            NodeIds newcomer = new NodeIds(db.dataSource(), "10.0.0.3:25520", Duration.ofMinutes(1));
            assertThat(newcomer.claim()).as("expired: taken again").isZero();
            assertThat(gone.renew()).as("the node that lost it learns so").isFalse();
        }
    }
}
