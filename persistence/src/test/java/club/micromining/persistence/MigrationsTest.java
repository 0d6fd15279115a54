package club.micromining.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.persistence.migration.Migrations;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schema by Flyway on H2 and PostgreSQL, and the upgrade of a database the earlier runner made. */
class MigrationsTest {
    private static final int VERSIONS = 25;

    @TempDir
    Path dir;

    /** Flyway's history table and columns are lower-case quoted names on both databases. */
    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void migrationsRunOnceAndAChangedAppliedScriptStopsStartUpWithFlywaysMessage(String name, DatabaseSettings settings) throws Exception {
        try (Database db = Database.open(settings)) {
            assertThat(Migrations.apply(db.dataSource(), settings.kind())).isZero();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL")).isEqualTo(VERSIONS);
                for (String table : new String[] {"device_stats", "device_minutes", "member_accounts", "pool_rejections", "blocks",
                        "pplns_work", "block_rewards", "block_reward_credits", "donations", "device_presence", "pool_periods", "device_periods",
                        "device_months", "fund_months", "member_days", "member_alerts", "pool_minutes", "ledger_entries", "ledger_roots",
                        "ledger_pending", "ledger_ots", "raffle_rounds", "project_tallies", "projects", "project_comments", "project_votes", "embedded_chain_blocks", "node_ids", "job_archive"}) {
                    assertThat(count(s, "SELECT COUNT(*) FROM " + table)).as(table).isZero();
                }
                s.execute("UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '3'");
            }
            assertThatThrownBy(() -> Migrations.apply(db.dataSource(), settings.kind()))
                    .hasMessageContaining("Flyway").hasMessageContaining("checksum mismatch").hasMessageContaining("3");
        }
    }

    /** The H2 database of an operator of the release before Flyway (its runner's history at V19, with data in it). */
    private DatabaseSettings legacyH2() throws Exception {
        Path db = dir.resolve("db");
        try (InputStream in = MigrationsTest.class.getResourceAsStream("/legacy/h2-v19.mv.db")) {
            Files.copy(in, dir.resolve("db.mv.db"));
        }
        return new DatabaseSettings(DatabaseSettings.Kind.H2, DatabaseSettings.h2FileUrl(db), "", "", 2, Duration.ofMillis(100),
                Duration.ofSeconds(10), 1);
    }

    @Test
    void aDatabaseTheEarlierRunnerMadeIsBaselinedAndMigratedWithNothingLost() throws Exception {
        DatabaseSettings settings = legacyH2();
        try (Database db = Database.open(settings); Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"type\" = 'BASELINE' AND \"version\" = '19'")).isEqualTo(1);
            assertThat(count(s, "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" = '20'")).as("V20 applied")
                    .isEqualTo(1);
            assertThat(count(s, "SELECT COUNT(*) FROM projects")).isZero();
            try (ResultSet rs = s.executeQuery("SELECT balance_msat, credited_msat FROM member_accounts WHERE account = 'alice'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(5_000);
                assertThat(rs.getLong(2)).isEqualTo(9_000);
            }
            assertThat(count(s, "SELECT amount_msat FROM donations WHERE status = 'RECEIVED'")).isEqualTo(21_000);
            assertThat(count(s, "SELECT msat FROM pool_funds WHERE fund = 'project-fund'")).isEqualTo(777);
            assertThat(count(s, "SELECT COUNT(*) FROM schema_migrations")).as("the old history is left as it was").isEqualTo(19);
        }
        try (Database again = Database.open(settings)) {
            assertThat(Migrations.apply(again.dataSource(), settings.kind())).isZero();
        }
    }

    @Test
    void anEarlierRunnersScriptChangedSinceStopsTheUpgradeNamingIt() throws Exception {
        DatabaseSettings settings = legacyH2();
        try (Connection c = java.sql.DriverManager.getConnection(settings.url()); Statement s = c.createStatement()) {
            s.execute("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 5");
        }
        assertThatThrownBy(() -> Database.open(settings)).hasMessageContaining("V5__payouts.sql")
                .hasMessageContaining("changed after it was applied");
    }
}
