package club.micromining.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.persistence.migration.Migrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MigrationsTest {
    static Stream<Arguments> databases() {
        return Stream.of(Arguments.of("H2", TestDatabases.h2()), Arguments.of("PostgreSQL", TestDatabases.postgres()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migrationsRunOnceAndGuardTheirHistory(String name, DatabaseSettings settings) throws Exception {
        try (Database db = Database.open(settings)) {
            assertThat(Migrations.apply(db.dataSource(), settings.kind())).isZero();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_migrations")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(20);
                }
                for (String table : new String[] {"device_stats", "device_minutes", "member_accounts", "pool_rejections", "blocks",
                        "pplns_work", "block_rewards", "block_reward_credits", "donations", "device_presence", "pool_periods", "device_periods",
                        "device_months", "fund_months", "member_days", "member_alerts", "pool_minutes", "ledger_entries", "ledger_roots", "ledger_pending", "ledger_ots", "raffle_rounds"}) {
                    try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                        rs.next();
                        assertThat(rs.getInt(1)).as(table).isZero();
                    }
                }
                s.execute("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 3");
            }
            assertThatThrownBy(() -> Migrations.apply(db.dataSource(), settings.kind()))
                    .hasMessageContaining("V3__read_models.sql").hasMessageContaining("changed after it was applied");
        }
    }
}
