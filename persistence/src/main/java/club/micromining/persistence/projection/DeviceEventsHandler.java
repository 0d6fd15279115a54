package club.micromining.persistence.projection;

import club.micromining.pool.device.DeviceEntity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * The one exactly-once reader of a device tag's events: the device read model and the ledger's contributions
 * from one read of each event, in one transaction with one offset. They were two projections, and every share's
 * event was read, decoded and its offset committed twice on the cores the share path needs.
 *
 * <p>A database those two ran on holds their offsets ({@value #READ_MODEL} and {@value #LEDGER}). Migration V25
 * starts this projection at the lower of the two, and each part here skips the events its own projection had
 * already written, so nothing is counted twice and nothing is missed.
 */
public final class DeviceEventsHandler extends JdbcHandler<List<EventEnvelope<DeviceEntity.Event>>, PooledJdbcSession> {
    public static final String PROJECTION = "device-events";
    static final String READ_MODEL = "device-read-model";
    static final String LEDGER = "ledger-devices";

    private final String tag;
    private final JdbcHandler<List<EventEnvelope<DeviceEntity.Event>>, PooledJdbcSession> readModel;
    private final JdbcHandler<List<EventEnvelope<DeviceEntity.Event>>, PooledJdbcSession> ledger;
    /** The orderings up to which the earlier projections had written, for this tag; read at the first batch. */
    private long readModelDone = -1;
    private long ledgerDone = -1;

    public DeviceEventsHandler(String tag, JdbcHandler<List<EventEnvelope<DeviceEntity.Event>>, PooledJdbcSession> readModel,
                               JdbcHandler<List<EventEnvelope<DeviceEntity.Event>>, PooledJdbcSession> ledger) {
        this.tag = tag;
        this.readModel = readModel;
        this.ledger = ledger;
    }

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<DeviceEntity.Event>> envelopes) throws Exception {
        if (readModelDone < 0) {
            session.withConnection(c -> {
                readModelDone = earlierOffset(c, READ_MODEL, tag);
                ledgerDone = earlierOffset(c, LEDGER, tag);
                return null;
            });
        }
        // The read model first: only this projection writes its rows, while the ledger's are shared with the sealer.
        List<EventEnvelope<DeviceEntity.Event>> toReadModel = after(envelopes, readModelDone);
        if (!toReadModel.isEmpty()) {
            readModel.process(session, toReadModel);
        }
        List<EventEnvelope<DeviceEntity.Event>> toLedger = after(envelopes, ledgerDone);
        if (!toLedger.isEmpty()) {
            ledger.process(session, toLedger);
        }
    }

    /** The envelopes after the given ordering: all of them once the earlier projections' offsets are passed. */
    static <E> List<EventEnvelope<E>> after(List<EventEnvelope<E>> envelopes, long done) {
        if (envelopes.isEmpty() || ordering(envelopes.get(0)) > done) {
            return envelopes;
        }
        List<EventEnvelope<E>> rest = new ArrayList<>(envelopes.size());
        for (EventEnvelope<E> env : envelopes) {
            if (ordering(env) > done) {
                rest.add(env);
            }
        }
        return rest;
    }

    static long ordering(EventEnvelope<?> env) {
        return ((Sequence) env.offset()).value();
    }

    private static long earlierOffset(Connection c, String projection, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT \"current_offset\" FROM \"pekko_projection_offset_store\" "
                + "WHERE \"projection_name\" = ? AND \"projection_key\" = ?")) {
            ps.setString(1, projection);
            ps.setString(2, tag);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Long.parseLong(rs.getString(1)) : 0;
            }
        }
    }
}
