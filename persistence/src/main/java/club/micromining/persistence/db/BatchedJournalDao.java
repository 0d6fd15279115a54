package club.micromining.persistence.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.apache.pekko.persistence.jdbc.config.JournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.DefaultJournalDao;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.collection.immutable.Set;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;
import scala.runtime.BoxedUnit;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;

/**
 * The journal's DAO with its write of its own: a batch of events (many entities' writes, queued while the
 * previous write was in flight) as one batched insert of the events, their generated orderings read back,
 * one batched insert of their tags, and one commit. The plugin's own write inserts every event alone, to
 * get its ordering back (a statement a row: on H2 0.28 ms each, the pool's bound on the durable path).
 * Reads and deletes are the plugin's; the writes have connections and threads of their own ({@link JournalWriteConnections}).
 */
public final class BatchedJournalDao extends DefaultJournalDao {
    private static final String INSERT_EVENT = "INSERT INTO \"event_journal\" (\"deleted\", \"persistence_id\", "
            + "\"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", "
            + "\"event_ser_manifest\", \"meta_payload\", \"meta_ser_id\", \"meta_ser_manifest\") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TAG = "INSERT INTO \"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)";

    private final ConnectionSource connections;
    private final Executor blocking;

    private interface ConnectionSource {
        Connection get() throws SQLException;
    }

    /** The constructor the plugin calls (by reflection, as for its own DAO). */
    public BatchedJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, JournalConfig config, Serialization serialization,
                             ExecutionContext ec, Materializer mat) {
        super(db, profile, config, serialization, ec, mat);
        Optional<JournalWriteConnections.Writers> own = JournalWriteConnections.get(mat.system()).writers();
        this.blocking = own.map(JournalWriteConnections.Writers::threads)
                .orElseGet(() -> mat.system().dispatchers().lookup("pekko.actor.default-blocking-io-dispatcher"));
        this.connections = own.<ConnectionSource>map(w -> w.pool()::getConnection).orElse(() -> db.source().createConnection());
    }

    @Override
    public Future<BoxedUnit> writeJournalRows(Seq<Tuple2<JournalTables.JournalPekkoSerializationRow, Set<String>>> rows) {
        List<Tuple2<JournalTables.JournalPekkoSerializationRow, Set<String>>> batch = CollectionConverters.asJava(rows);
        return FutureConverters.asScala(CompletableFuture.supplyAsync(() -> {
            write(batch);
            return BoxedUnit.UNIT;
        }, blocking));
    }

    private void write(List<Tuple2<JournalTables.JournalPekkoSerializationRow, Set<String>>> batch) {
        try (Connection c = connections.get()) {
            c.setAutoCommit(false);
            try {
                long[] orderings = insertEvents(c, batch);
                insertTags(c, batch, orderings);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }

    private static long[] insertEvents(Connection c, List<Tuple2<JournalTables.JournalPekkoSerializationRow, Set<String>>> batch)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT, new String[] {"ordering"})) {
            for (Tuple2<JournalTables.JournalPekkoSerializationRow, Set<String>> t : batch) {
                JournalTables.JournalPekkoSerializationRow r = t._1();
                ps.setBoolean(1, r.deleted());
                ps.setString(2, r.persistenceId());
                ps.setLong(3, r.sequenceNumber());
                ps.setString(4, r.writer());
                ps.setLong(5, r.writeTimestamp());
                ps.setString(6, r.adapterManifest());
                ps.setBytes(7, r.eventPayload());
                ps.setInt(8, r.eventSerId());
                ps.setString(9, r.eventSerManifest());
                if (r.metaPayload().isDefined()) {
                    ps.setBytes(10, r.metaPayload().get());
                    ps.setInt(11, (Integer) r.metaSerId().get());
                    ps.setString(12, r.metaSerManifest().get());
                } else {
                    ps.setNull(10, Types.VARBINARY);
                    ps.setNull(11, Types.INTEGER);
                    ps.setNull(12, Types.VARCHAR);
                }
                ps.addBatch();
            }
            ps.executeBatch();
            long[] orderings = new long[batch.size()];
            try (ResultSet keys = ps.getGeneratedKeys()) {
                for (int i = 0; i < orderings.length; i++) {
                    if (!keys.next()) {
                        throw new SQLException("the database gave " + i + " generated orderings for " + orderings.length + " events");
                    }
                    orderings[i] = keys.getLong(1);
                }
            }
            return orderings;
        }
    }

    private static void insertTags(Connection c, List<Tuple2<JournalTables.JournalPekkoSerializationRow, Set<String>>> batch,
                                   long[] orderings) throws SQLException {
        List<Object[]> tags = new ArrayList<>();
        for (int i = 0; i < orderings.length; i++) {
            for (String tag : CollectionConverters.asJava(batch.get(i)._2())) {
                tags.add(new Object[] {orderings[i], tag});
            }
        }
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(INSERT_TAG)) {
            for (Object[] t : tags) {
                ps.setLong(1, (Long) t[0]);
                ps.setString(2, (String) t[1]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
