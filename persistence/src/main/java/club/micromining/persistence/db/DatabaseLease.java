package club.micromining.persistence.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * One writer per database: a lease row the first node of a cluster takes and its heartbeat extends. Two
 * clusters writing the same persistence ids would corrupt the journal (duplicate sequence numbers, or worse,
 * silently interleaved histories), so a node of another cluster finds the lease held and does not start.
 *
 * <p>Why a row and not an advisory lock: a row works the same on H2 and PostgreSQL, names its holder (the
 * refusal can say which cluster to join), and survives connection pools recycling connections. A holder
 * that dies (SIGKILL, power loss) stops renewing; after {@code ttl} the lease has expired and a new cluster
 * may take it. Times are the database's clock, so nodes with skewed clocks agree on expiry.
 */
public final class DatabaseLease {

    /** The database is another cluster's. */
    public static final class Held extends IllegalStateException {
        Held(String message) {
            super(message);
        }
    }

    private final DataSource dataSource;
    private final String holder;
    private final String clusterId;
    private final Duration ttl;

    /**
     * @param holder    how the holding node is reached, for the refusal's message (its cluster address)
     * @param clusterId the cluster's identity: nodes of one cluster share it
     */
    public DatabaseLease(DataSource dataSource, String holder, String clusterId, Duration ttl) {
        this.dataSource = dataSource;
        this.holder = holder;
        this.clusterId = clusterId;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Takes the lease, or extends it when this cluster holds it.
     *
     * @throws Held when another cluster holds it and it has not expired
     */
    public void acquire() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long now = now(c);
                try (PreparedStatement ps = c.prepareStatement("SELECT holder, cluster_id, expires_at FROM database_lease WHERE id = 1 FOR UPDATE")) {
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            if (!rs.getString(2).equals(clusterId) && rs.getLong(3) > now) {
                                String other = rs.getString(1);
                                long left = rs.getLong(3) - now;
                                c.rollback();
                                throw new Held("the database is written by another cluster, whose node " + other + " holds its lease (for "
                                        + Math.max(1, left / 1000) + " s more unless it renews it). A node joins that cluster with "
                                        + "POOL_CLUSTER_SEEDS=" + other + "; a node of another cluster needs its own database (POOL_DB_URL). "
                                        + "If that cluster is gone for good, its lease expires " + ttl.toSeconds() + " s after its last heartbeat.");
                            }
                            update(c, "UPDATE database_lease SET holder = ?, cluster_id = ?, taken_at = ?, expires_at = ? WHERE id = 1", now);
                        } else {
                            update(c, "INSERT INTO database_lease (holder, cluster_id, taken_at, expires_at, id) VALUES (?, ?, ?, ?, 1)", now);
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                if (!(e instanceof Held)) {
                    c.rollback();
                }
                throw e;
            }
        }
    }

    private void update(Connection c, String sql, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, holder);
            ps.setString(2, clusterId);
            ps.setLong(3, now);
            ps.setLong(4, now + ttl.toMillis());
            ps.executeUpdate();
        }
    }

    /**
     * Extends this cluster's lease, or takes it again when nobody holds it (a node of its own that stopped
     * gave it up; it may have been the cluster's first).
     *
     * @return false when the lease is no longer this cluster's (it expired and another took it)
     */
    public boolean renew() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE database_lease SET expires_at = ?, holder = ? WHERE id = 1 AND cluster_id = ?")) {
            ps.setLong(1, now(c) + ttl.toMillis());
            ps.setString(2, holder);
            ps.setString(3, clusterId);
            if (ps.executeUpdate() == 1) {
                return true;
            }
        }
        try {
            acquire();
            return true;
        } catch (Held another) {
            return false;
        }
    }

    /**
     * Gives the lease up at a clean stop of a node of its own, so the next cluster need not wait for it to
     * expire. A cluster's node leaving keeps it: the lease is the other members' too.
     */
    public void release() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM database_lease WHERE id = 1 AND cluster_id = ?")) {
            ps.setString(1, clusterId);
            ps.executeUpdate();
        }
    }

    /** The database's clock: every node of a cluster reads the same one, whatever its own says. */
    static long now(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return t == null ? Instant.now().toEpochMilli() : t.getTime();
        }
    }
}
