package club.micromining.persistence.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Node ids handed out by the cluster's database: a node claims the lowest id no live node holds, so no two
 * nodes ever put the same prefix in their devices' extranonce1 or write the same pool-stats journal, and no
 * operator has to number them by hand. A node restarted on the same address takes its own id back at once;
 * the id of a node that vanished is free once its row has expired.
 */
public final class NodeIds {
    /** Ids 0..65535: the two bytes of extranonce1 that name the node. */
    public static final int MAX = 0xffff;

    private final DataSource dataSource;
    private final String holder;
    private final Duration ttl;
    private volatile int id = -1;

    /** @param holder the node's cluster address (host:port): one process at a time can have it */
    public NodeIds(DataSource dataSource, String holder, Duration ttl) {
        this.dataSource = dataSource;
        this.holder = holder;
        this.ttl = ttl;
    }

    /** The id claimed; -1 before {@link #claim()}. */
    public int id() {
        return id;
    }

    /**
     * Claims an id: this holder's own if it still has one, else the lowest free or expired one.
     *
     * @throws IllegalStateException when all 65 536 are held
     */
    public int claim() throws SQLException {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    int claimed = claim(c);
                    c.commit();
                    id = claimed;
                    return claimed;
                } catch (SQLException e) {
                    c.rollback();
                    // Another node took the same id between our read and our insert: look again.
                    if (!isConflict(e) || attempt == 9) {
                        throw e;
                    }
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private int claim(Connection c) throws SQLException {
        long now = DatabaseLease.now(c);
        try (PreparedStatement own = c.prepareStatement("SELECT id FROM node_ids WHERE holder = ? ORDER BY id")) {
            own.setString(1, holder);
            try (ResultSet rs = own.executeQuery()) {
                if (rs.next()) {
                    int mine = rs.getInt(1);
                    update(c, "UPDATE node_ids SET expires_at = ? WHERE id = ?", now + ttl.toMillis(), mine);
                    return mine;
                }
            }
        }
        try (PreparedStatement expired = c.prepareStatement("SELECT id FROM node_ids WHERE expires_at <= ? ORDER BY id")) {
            expired.setLong(1, now);
            try (ResultSet rs = expired.executeQuery()) {
                if (rs.next()) {
                    int free = rs.getInt(1);
                    try (PreparedStatement take = c.prepareStatement(
                            "UPDATE node_ids SET holder = ?, taken_at = ?, expires_at = ? WHERE id = ? AND expires_at <= ?")) {
                        take.setString(1, holder);
                        take.setLong(2, now);
                        take.setLong(3, now + ttl.toMillis());
                        take.setInt(4, free);
                        take.setLong(5, now);
                        if (take.executeUpdate() == 1) {
                            return free;
                        }
                    }
                    throw new SQLException("node id " + free + " was taken meanwhile", "23505");
                }
            }
        }
        int next = 0;
        try (PreparedStatement used = c.prepareStatement("SELECT id FROM node_ids ORDER BY id"); ResultSet rs = used.executeQuery()) {
            while (rs.next() && rs.getInt(1) == next) {
                next++;
            }
        }
        if (next > MAX) {
            throw new IllegalStateException("all " + (MAX + 1) + " node ids are held by live nodes");
        }
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO node_ids (id, holder, taken_at, expires_at) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, next);
            insert.setString(2, holder);
            insert.setLong(3, now);
            insert.setLong(4, now + ttl.toMillis());
            insert.executeUpdate();
        }
        return next;
    }

    /**
     * Extends this node's claim.
     *
     * @return false when the id is no longer this node's (it expired and another node took it)
     */
    public boolean renew() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE node_ids SET expires_at = ? WHERE id = ? AND holder = ?")) {
            ps.setLong(1, DatabaseLease.now(c) + ttl.toMillis());
            ps.setInt(2, id);
            ps.setString(3, holder);
            return ps.executeUpdate() == 1;
        }
    }

    /** Gives the id up at a clean stop. */
    public void release() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM node_ids WHERE id = ? AND holder = ?")) {
            ps.setInt(1, id);
            ps.setString(2, holder);
            ps.executeUpdate();
        }
    }

    private int update(Connection c, String sql, long expiresAt, int which) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, expiresAt);
            ps.setInt(2, which);
            return ps.executeUpdate();
        }
    }

    private static boolean isConflict(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
