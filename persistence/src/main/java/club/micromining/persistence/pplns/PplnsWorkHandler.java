package club.micromining.persistence.pplns;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.stratum.session.WorkerName;
import java.sql.PreparedStatement;
import java.util.List;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Writes every accepted share into {@code pplns_work} under the journal's global ordering, exactly once
 * (in the transaction of the projection's offset), so a PPLNS window is the same whichever node reads it.
 */
public final class PplnsWorkHandler extends JdbcHandler<List<EventEnvelope<DeviceEntity.Event>>, PooledJdbcSession> {

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<DeviceEntity.Event>> envelopes) throws Exception {
        session.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO pplns_work (ordering, device, account, difficulty, "
                    + "height, block, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                int rows = 0;
                for (EventEnvelope<DeviceEntity.Event> env : envelopes) {
                    if (env.event() instanceof DeviceEntity.ShareAccepted e) {
                        WorkerName device = DeviceEntity.deviceOf(env.persistenceId());
                        ps.setLong(1, ((Sequence) env.offset()).value());
                        ps.setString(2, device.deviceId());
                        ps.setString(3, device.account());
                        ps.setDouble(4, e.share().difficulty());
                        ps.setLong(5, e.share().height());
                        ps.setBoolean(6, e.share().block());
                        ps.setLong(7, e.share().acceptedAtMillis());
                        ps.addBatch();
                        rows++;
                    }
                }
                if (rows > 0) {
                    ps.executeBatch();
                }
            }
            return null;
        });
    }
}
