package club.micromining.persistence.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.jdbc.PekkoSerialization;
import org.apache.pekko.persistence.jdbc.config.ReadJournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables;
import org.apache.pekko.persistence.jdbc.query.dao.DefaultReadJournalDao;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Source;
import scala.Option;
import scala.Tuple3;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.util.Try;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * The read journal's DAO with one query of its own: events by tag, taken from the tag table's
 * {@code (tag, event_id)} index over the offset range. The plugin's query joins the tag table to a derived
 * table of the journal, so neither H2 nor PostgreSQL can bound the tag table by the range: H2 scans the
 * whole tag table on every poll of every projection, which grows with the journal. Everything else is the
 * plugin's.
 */
public final class TaggedEventsDao extends DefaultReadJournalDao {
    private static final String EVENTS_BY_TAG = "SELECT j.\"ordering\", j.\"deleted\", j.\"persistence_id\", "
            + "j.\"sequence_number\", j.\"writer\", j.\"write_timestamp\", j.\"adapter_manifest\", j.\"event_payload\", "
            + "j.\"event_ser_id\", j.\"event_ser_manifest\", j.\"meta_payload\", j.\"meta_ser_id\", j.\"meta_ser_manifest\" "
            + "FROM \"event_tag\" t JOIN \"event_journal\" j ON j.\"ordering\" = t.\"event_id\" "
            + "WHERE t.\"tag\" = ? AND t.\"event_id\" > ? AND t.\"event_id\" <= ? AND j.\"deleted\" = FALSE "
            + "ORDER BY t.\"event_id\" LIMIT ?";

    private final JdbcBackend.JdbcDatabaseDef db;
    private final Serialization serialization;
    private final Executor blocking;

    /** The constructor the plugin calls (by reflection, as for its own DAO). */
    public TaggedEventsDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, ReadJournalConfig config, Serialization serialization,
                           ExecutionContext ec, Materializer mat) {
        super(db, profile, config, serialization, ec, mat);
        this.db = db;
        this.serialization = serialization;
        this.blocking = mat.system().dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher");
    }

    @Override
    public org.apache.pekko.stream.scaladsl.Source<Try<Tuple3<PersistentRepr, Set<String>, Object>>, NotUsed> eventsByTag(
            String tag, long offset, long maxOffset, long max) {
        return Source.completionStage(CompletableFuture.supplyAsync(() -> query(tag, offset, maxOffset, max), blocking))
                .mapConcat(rows -> rows)
                .asScala();
    }

    private List<Try<Tuple3<PersistentRepr, Set<String>, Object>>> query(String tag, long offset, long maxOffset, long max) {
        List<Try<Tuple3<PersistentRepr, Set<String>, Object>>> events = new ArrayList<>();
        try (Connection c = db.source().createConnection(); PreparedStatement ps = c.prepareStatement(EVENTS_BY_TAG)) {
            ps.setString(1, tag);
            ps.setLong(2, offset);
            ps.setLong(3, maxOffset);
            ps.setLong(4, Math.min(max, Integer.MAX_VALUE));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int metaSerId = rs.getInt(12);
                    Option<Object> metaId = rs.wasNull() ? Option.empty() : Option.apply(metaSerId);
                    JournalTables.JournalPekkoSerializationRow row = new JournalTables.JournalPekkoSerializationRow(rs.getLong(1),
                            rs.getBoolean(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getLong(6), rs.getString(7),
                            rs.getBytes(8), rs.getInt(9), rs.getString(10), Option.apply(rs.getBytes(11)), metaId,
                            Option.apply(rs.getString(13)));
                    events.add(PekkoSerialization.fromRow(serialization, row)
                            .map(r -> new Tuple3<>(r._1(), scala.collection.immutable.Set$.MODULE$.<String>empty(), r._2())));
                }
            }
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
        return events;
    }
}
