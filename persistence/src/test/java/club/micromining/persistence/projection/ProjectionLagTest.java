package club.micromining.persistence.projection;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectionLagTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void aProjectionsLagIsCountedNearAndEstimatedFar(String name, DatabaseSettings settings) throws Exception {
        try (Database db = Database.open(settings)) {
            try (Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                // 10 000 events, every other one of tag a, the others of tag b.
                try (PreparedStatement journal = c.prepareStatement("INSERT INTO \"event_journal\" (\"deleted\", \"persistence_id\", "
                        + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", "
                        + "\"event_ser_manifest\") VALUES (FALSE, ?, ?, 'w', 0, '', ?, 1, 'm')", new String[] {"ordering"});
                     PreparedStatement tag = c.prepareStatement("INSERT INTO \"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)")) {
                    for (int i = 1; i <= 10_000; i++) {
                        journal.setString(1, i % 2 == 0 ? "A" : "B");
                        journal.setLong(2, i);
                        journal.setBytes(3, new byte[] {1});
                        journal.executeUpdate();
                        try (var keys = journal.getGeneratedKeys()) {
                            keys.next();
                            tag.setLong(1, keys.getLong(1));
                        }
                        tag.setString(2, i % 2 == 0 ? "a" : "b");
                        tag.executeUpdate();
                    }
                }
                try (PreparedStatement offset = c.prepareStatement("INSERT INTO \"pekko_projection_offset_store\" (\"projection_name\", "
                        + "\"projection_key\", \"current_offset\", \"manifest\", \"mergeable\", \"last_updated\") VALUES (?, ?, ?, 'SEQ', FALSE, 0)")) {
                    offset.setString(1, "near");
                    offset.setString(2, "a");
                    offset.setString(3, "9990");
                    offset.executeUpdate();
                    offset.setString(1, "far");
                    offset.setString(2, "b");
                    offset.setString(3, "0");
                    offset.executeUpdate();
                }
                c.commit();
            }
            ProjectionLag lag = new ProjectionLag(db.dataSource(), Set.of(List.of("near", "a"), List.of("far", "b"), List.of("new", "a")));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            lag.bindTo(registry);
            lag.refresh();
            assertThat(registry.get("micromining.projection.lag").tag("projection", "near").gauge().value()).isEqualTo(5);
            assertThat(registry.get("micromining.projection.lag").tag("projection", "far").gauge().value())
                    .as("beyond the events it counts, extrapolated").isBetween(4990.0, 5010.0);
            assertThat(registry.get("micromining.projection.lag").tag("projection", "new").gauge().value())
                    .as("no offset stored yet: every event of its tag").isEqualTo(5000);
        }
    }

    @Test
    void theEstimateIsNeverBelowWhatWasCounted() {
        assertThat(ProjectionLag.behind(17, 100, 140, 10_000)).isEqualTo(17);
        assertThat(ProjectionLag.behind(ProjectionLag.COUNTED, 0, 8_000, 1_000_000)).isEqualTo(250_000);
        assertThat(ProjectionLag.behind(ProjectionLag.COUNTED, 0, 8_000, 4_000)).isEqualTo(ProjectionLag.COUNTED);
    }
}
