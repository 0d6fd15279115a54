package club.micromining.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.persistence.TestDatabases;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One writer per database: a cluster's lease refuses another cluster until it is given up or has expired. */
class DatabaseLeaseTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void anotherClusterIsRefusedNamingTheHolderUntilTheLeaseIsGivenUpOrExpires(String name, DatabaseSettings settings) throws Exception {
        try (Database db = Database.open(settings)) {
            DatabaseLease first = new DatabaseLease(db.dataSource(), "10.0.0.1:25520", "cluster-a", Duration.ofSeconds(30));
            DatabaseLease other = new DatabaseLease(db.dataSource(), "10.0.0.2:25520", "cluster-b", Duration.ofSeconds(30));
            first.acquire();
            first.acquire();
            assertThatThrownBy(other::acquire).isInstanceOf(DatabaseLease.Held.class)
                    .hasMessageContaining("10.0.0.1:25520").hasMessageContaining("POOL_CLUSTER_SEEDS=10.0.0.1:25520")
                    .hasMessageContaining("POOL_DB_URL");
            assertThat(first.renew()).isTrue();
            first.release();
            other.acquire();
            assertThat(first.renew()).as("the lease went to the other cluster").isFalse();
            other.release();

            // A holder that died stops renewing: once its lease has expired, a new cluster takes the database.
            DatabaseLease dead = new DatabaseLease(db.dataSource(), "10.0.0.3:25520", "cluster-c", Duration.ofMillis(300));
            dead.acquire();
            assertThatThrownBy(other::acquire).isInstanceOf(DatabaseLease.Held.class);
            Thread.sleep(600);
            other.acquire();
            assertThat(dead.renew()).isFalse();
            other.release();

            // Nobody holds it (a member gave it up): the cluster's next heartbeat takes it again.
            assertThat(first.renew()).as("a free lease is taken at the next renewal").isTrue();
            assertThatThrownBy(other::acquire).isInstanceOf(DatabaseLease.Held.class);
        }
    }
}
