package club.micromining.persistence.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Deletes journal events nobody needs any more: those every projection has read, and that lie before
 * their entity's latest snapshot (so recovery never replays them). The entity's events at and after the
 * snapshot stay, which also keeps its highest sequence number in the journal. A projection that has
 * not stored an offset yet holds back everything from the first event of its tag.
 */
public final class JournalCleanup {
    private final DataSource dataSource;
    private final Set<List<String>> projections;

    /** @param projections every (projection name, key) that reads the journal; the key is the tag it reads */
    public JournalCleanup(DataSource dataSource, Set<List<String>> projections) {
        this.dataSource = dataSource;
        this.projections = Set.copyOf(projections);
    }

    /** Returns how many events were deleted. */
    public int runOnce() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            long bound = Long.MAX_VALUE;
            Set<List<String>> seen = new HashSet<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT \"projection_name\", \"projection_key\", \"current_offset\" FROM \"pekko_projection_offset_store\"");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> id = List.of(rs.getString(1), rs.getString(2));
                    if (projections.contains(id)) {
                        seen.add(id);
                        bound = Math.min(bound, Long.parseLong(rs.getString(3)));
                    }
                }
            }
            for (List<String> missing : projections) {
                if (!seen.contains(missing)) {
                    // Nothing of its tag read yet: everything from its tag's first event on must stay.
                    bound = Math.min(bound, firstOrdering(c, missing.get(1)) - 1);
                }
            }
            if (bound <= 0) {
                return 0;
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM \"event_journal\" WHERE \"ordering\" <= ? AND \"sequence_number\" < "
                            + "(SELECT MAX(s.\"sequence_number\") FROM \"snapshot\" s "
                            + "WHERE s.\"persistence_id\" = \"event_journal\".\"persistence_id\")")) {
                ps.setLong(1, bound);
                return ps.executeUpdate();
            }
        }
    }

    private static long firstOrdering(Connection c, String tag) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MIN(\"event_id\") FROM \"event_tag\" WHERE \"tag\" = ?")) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long first = rs.getLong(1);
                return rs.wasNull() ? Long.MAX_VALUE : first;
            }
        }
    }
}
