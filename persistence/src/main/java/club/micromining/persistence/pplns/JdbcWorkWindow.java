package club.micromining.persistence.pplns;

import club.micromining.pool.accounting.FoundBlock;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.accounting.Work;
import club.micromining.pool.accounting.WorkWindow;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * The PPLNS window from {@code pplns_work}. A block's window ends at its own share. It is read once the
 * share is there and every device tag's projection has written the shares of its tag that the journal
 * has before it (so no earlier share is still on its way), or, should a projection lag, once
 * {@code settle} has passed since the block was found. A block whose share never reached the journal is divided over the shares
 * accepted before it once {@code missingShareGrace} has passed.
 *
 * <p>{@link #compact} keeps the table small: shares older than a day are merged per account and hour
 * (their order within the hour no longer matters next to a window's edge), and work beyond what any
 * window may need is deleted.
 */
public final class JdbcWorkWindow implements WorkWindow {
    public static final String PROJECTION = "pplns-work";
    private static final String MERGED = "*";
    private static final long HOUR_MILLIS = 3_600_000;

    private final DataSource dataSource;
    private final Executor blocking;
    private final Duration settle;
    private final Duration missingShareGrace;
    private final Clock clock;

    public JdbcWorkWindow(DataSource dataSource, Executor blocking, Duration settle, Duration missingShareGrace, Clock clock) {
        this.dataSource = dataSource;
        this.blocking = blocking;
        this.settle = settle;
        this.missingShareGrace = missingShareGrace;
        this.clock = clock;
    }

    @Override
    public CompletionStage<Optional<List<Work>>> upToBlock(FoundBlock block, BigDecimal difficulty) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = dataSource.getConnection()) {
                // A cursor (PostgreSQL streams rows only inside a transaction), read-only.
                c.setAutoCommit(false);
                try {
                    return read(c, block, difficulty);
                } finally {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, blocking);
    }

    private Optional<List<Work>> read(Connection c, FoundBlock block, BigDecimal difficulty) throws SQLException {
        long sinceFound = clock.millis() - block.foundAtMillis();
        Long end = single(c, "SELECT MAX(ordering) FROM pplns_work WHERE device = ? AND height = ? AND block = TRUE",
                block.finder(), block.height());
        if (end == null) {
            if (sinceFound < missingShareGrace.toMillis()) {
                return Optional.empty();
            }
            end = single(c, "SELECT MAX(ordering) FROM pplns_work WHERE accepted_at <= ?", block.foundAtMillis());
            if (end == null) {
                return Optional.of(List.of());
            }
        } else if (sinceFound < settle.toMillis() && !allTagsPassed(c, end)) {
            return Optional.empty();
        }
        List<Work> work = new ArrayList<>();
        BigDecimal counted = BigDecimal.ZERO;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT account, difficulty FROM pplns_work WHERE ordering <= ? ORDER BY ordering DESC")) {
            ps.setFetchSize(1000);
            ps.setLong(1, end);
            try (ResultSet rs = ps.executeQuery()) {
                while (counted.compareTo(difficulty) < 0 && rs.next()) {
                    double d = rs.getDouble(2);
                    work.add(new Work(rs.getString(1), d));
                    counted = counted.add(new BigDecimal(d));
                }
            }
        }
        return Optional.of(work);
    }

    /** Whether every device tag's projection has written all the shares of its tag up to {@code ordering}. */
    private static boolean allTagsPassed(Connection c, long ordering) throws SQLException {
        Map<String, Long> offsets = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT \"projection_key\", \"current_offset\" "
                + "FROM \"pekko_projection_offset_store\" WHERE \"projection_name\" = ?")) {
            ps.setString(1, PROJECTION);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    offsets.put(rs.getString(1), Long.parseLong(rs.getString(2)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM \"event_tag\" "
                + "WHERE \"tag\" = ? AND \"event_id\" > ? AND \"event_id\" <= ?")) {
            for (String tag : DeviceEntity.allTags()) {
                long offset = offsets.getOrDefault(tag, 0L);
                if (offset >= ordering) {
                    continue;
                }
                ps.setString(1, tag);
                ps.setLong(2, offset);
                ps.setLong(3, ordering);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The one number the query answers, or null. */
    private static Long single(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? null : v;
            }
        }
    }

    /**
     * Merges shares accepted before {@code mergeBeforeMillis} into one row per account and hour, and
     * deletes the work older than the newest {@code keep} difficulty. Returns the rows removed.
     */
    public int compact(long mergeBeforeMillis, BigDecimal keep) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int removed = merge(c, mergeBeforeMillis) + trim(c, keep);
                c.commit();
                return removed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static int merge(Connection c, long beforeMillis) throws SQLException {
        record Bucket(long ordering, String account, double difficulty, long height, long acceptedAt) {
        }
        Map<List<Object>, Bucket> buckets = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT ordering, account, difficulty, height, accepted_at FROM pplns_work "
                + "WHERE accepted_at < ? AND device <> ?")) {
            ps.setFetchSize(1000);
            ps.setLong(1, beforeMillis);
            ps.setString(2, MERGED);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Bucket b = new Bucket(rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getLong(5));
                    buckets.merge(List.of(b.account(), b.acceptedAt() / HOUR_MILLIS), b, (x, y) -> new Bucket(
                            Math.max(x.ordering(), y.ordering()), x.account(), x.difficulty() + y.difficulty(),
                            Math.max(x.height(), y.height()), Math.max(x.acceptedAt(), y.acceptedAt())));
                }
            }
        }
        if (buckets.isEmpty()) {
            return 0;
        }
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM pplns_work WHERE accepted_at < ? AND device <> ?")) {
            ps.setLong(1, beforeMillis);
            ps.setString(2, MERGED);
            deleted = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO pplns_work (ordering, device, account, difficulty, height, "
                + "block, accepted_at) VALUES (?, ?, ?, ?, ?, FALSE, ?)")) {
            for (Bucket b : buckets.values()) {
                ps.setLong(1, b.ordering());
                ps.setString(2, MERGED);
                ps.setString(3, b.account());
                ps.setDouble(4, b.difficulty());
                ps.setLong(5, b.height());
                ps.setLong(6, b.acceptedAt());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return deleted - buckets.size();
    }

    private static int trim(Connection c, BigDecimal keep) throws SQLException {
        Long oldestKept = null;
        BigDecimal counted = BigDecimal.ZERO;
        try (PreparedStatement ps = c.prepareStatement("SELECT ordering, difficulty FROM pplns_work ORDER BY ordering DESC")) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (counted.compareTo(keep) < 0 && rs.next()) {
                    oldestKept = rs.getLong(1);
                    counted = counted.add(new BigDecimal(rs.getDouble(2)));
                }
            }
        }
        if (oldestKept == null || counted.compareTo(keep) < 0) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM pplns_work WHERE ordering < ?")) {
            ps.setLong(1, oldestKept);
            return ps.executeUpdate();
        }
    }
}
