package club.micromining.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.common.config.SettingsException;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static DatabaseSettings withEnv(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("micromining.data-dir", "/var/pool"));
        all.putAll(env);
        return DatabaseSettings.fromConfig(ConfigFactory.parseMap(all).withFallback(ConfigFactory.defaultReferenceUnresolved())
                .resolve());
    }

    @Test
    void theEmbeddedDatabaseIsAnH2FileThatTheNodeCloses() {
        DatabaseSettings h2 = withEnv(Map.of());
        assertThat(h2.kind()).isEqualTo(DatabaseSettings.Kind.H2);
        assertThat(h2.url()).startsWith("jdbc:h2:file:/var/pool/micromining").contains("WRITE_DELAY=0").contains("DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void oneJournalWriterOnH2AndEightOnPostgresUnlessChosen() {
        assertThat(withEnv(Map.of()).journalWriters()).isEqualTo(1);
        assertThat(withEnv(Map.of("micromining.database.url", "jdbc:postgresql://db:5432/pool")).journalWriters()).isEqualTo(8);
        assertThat(withEnv(Map.of("micromining.database.journal-writers", "3")).journalWriters()).isEqualTo(3);
        assertThatThrownBy(() -> withEnv(Map.of("micromining.database.journal-writers", "0")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_DB_JOURNAL_WRITERS");
        assertThatThrownBy(() -> withEnv(Map.of("micromining.database.journal-writers", "many")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("many");
        assertThatThrownBy(() -> withEnv(Map.of("micromining.database.url", "jdbc:mysql://db/pool")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_DB_URL");
    }
}
