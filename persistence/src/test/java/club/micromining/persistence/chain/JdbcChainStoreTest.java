package club.micromining.persistence.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.stratum.template.ChainStore.StoredBlock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The embedded chain's blocks in the node's database, on H2 and PostgreSQL. */
class JdbcChainStoreTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void keepsTheTipAndEveryHeightAndRefusesASecondBlockAtAStoredHeight(String name, DatabaseSettings settings) {
        try (Database db = Database.open(settings)) {
            JdbcChainStore store = new JdbcChainStore(db.dataSource());
            assertThat(store.tip()).isEmpty();
            store.accepted(new StoredBlock(1, "aa".repeat(32), 0x1e0fffff));
            store.accepted(new StoredBlock(2, "bb".repeat(32), 0x1d00ffff));
            assertThat(new JdbcChainStore(db.dataSource()).tip()).contains(new StoredBlock(2, "bb".repeat(32), 0x1d00ffff));
            assertThat(store.hashAt(1)).contains("aa".repeat(32));
            assertThat(store.hashAt(3)).isEmpty();
            assertThatThrownBy(() -> store.accepted(new StoredBlock(2, "cc".repeat(32), 0x1d00ffff)))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(store.hashAt(2)).contains("bb".repeat(32));
        }
    }
}
