package club.micromining.persistence.projection;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.pool.device.DeviceEntity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A database the two earlier device projections ran on: the one that replaces them starts where the slower of
 * them was, and neither part writes an event twice or misses one.
 */
class DeviceEventsHandlerTest {

    /** Records the orderings each part was given. */
    private static final class Part extends JdbcHandler<List<EventEnvelope<DeviceEntity.Event>>, PooledJdbcSession> {
        final List<Long> seen = new ArrayList<>();

        @Override
        public void process(PooledJdbcSession session, List<EventEnvelope<DeviceEntity.Event>> envelopes) {
            envelopes.forEach(e -> seen.add(DeviceEventsHandler.ordering(e)));
        }
    }

    private static List<EventEnvelope<DeviceEntity.Event>> events(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(n -> EventEnvelope.<DeviceEntity.Event>create(Offset.sequence(n),
                "Device|alice.bitaxe", n, new DeviceEntity.DeviceConnected(n), n)).toList();
    }

    private static void offset(Connection c, String projection, String tag, long offset) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"pekko_projection_offset_store\" (\"projection_name\", "
                + "\"projection_key\", \"current_offset\", \"manifest\", \"mergeable\", \"last_updated\") VALUES (?, ?, ?, 'SEQ', false, 1)")) {
            ps.setString(1, projection);
            ps.setString(2, tag);
            ps.setString(3, Long.toString(offset));
            ps.executeUpdate();
        }
    }

    private static String startsAt(Connection c, String tag) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT \"current_offset\" FROM \"pekko_projection_offset_store\" "
                + "WHERE \"projection_name\" = 'device-events' AND \"projection_key\" = ?")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void theEarlierProjectionsOffsetsAreKept(String name, DatabaseSettings settings) throws Exception {
        String own = settings.kind() == DatabaseSettings.Kind.H2 ? "h2" : "postgres";
        Flyway before = Flyway.configure().dataSource(settings.url(), settings.user(), settings.password())
                .locations("classpath:db/migration/common", "classpath:db/migration/" + own).table("flyway_schema_history")
                .target("24").load();
        before.migrate();
        try (Connection c = before.getConfiguration().getDataSource().getConnection()) {
            offset(c, "device-read-model", "device-0", 10);
            offset(c, "ledger-devices", "device-0", 7);
            offset(c, "device-read-model", "device-1", 5);
            offset(c, "device-read-model", "device-2", 9);
            offset(c, "ledger-devices", "device-2", 10);
        }
        try (Database db = Database.open(settings); Connection c = db.dataSource().getConnection()) {
            assertThat(startsAt(c, "device-0")).as("the slower of the two").isEqualTo("7");
            assertThat(startsAt(c, "device-1")).as("the ledger had written nothing: from the start").isNull();
            assertThat(startsAt(c, "device-2")).as("compared as numbers").isEqualTo("9");
            assertThat(startsAt(c, "device-3")).isNull();

            Part readModel = new Part();
            Part ledger = new Part();
            DeviceEventsHandler zero = new DeviceEventsHandler("device-0", readModel, ledger);
            zero.process(new PooledJdbcSession(db.dataSource()), events(8, 11));
            zero.process(new PooledJdbcSession(db.dataSource()), events(12, 13));
            assertThat(readModel.seen).containsExactly(11L, 12L, 13L);
            assertThat(ledger.seen).containsExactly(8L, 9L, 10L, 11L, 12L, 13L);

            Part readModel1 = new Part();
            Part ledger1 = new Part();
            new DeviceEventsHandler("device-1", readModel1, ledger1).process(new PooledJdbcSession(db.dataSource()), events(1, 7));
            assertThat(readModel1.seen).containsExactly(6L, 7L);
            assertThat(ledger1.seen).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);

            Part readModel3 = new Part();
            Part ledger3 = new Part();
            new DeviceEventsHandler("device-3", readModel3, ledger3).process(new PooledJdbcSession(db.dataSource()), events(1, 2));
            assertThat(readModel3.seen).as("a fresh database").containsExactly(1L, 2L);
            assertThat(ledger3.seen).containsExactly(1L, 2L);
        }
    }
}
