package club.micromining.persistence.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Deletes journal events nobody needs any more: those every projection of their tag has read, and that
 * lie before their entity's latest snapshot (so recovery never replays them). The entity's events at and
 * after the snapshot stay, which also keeps its highest sequence number in the journal. Each tag is
 * bounded by its own projections only, so a tag that is rarely written (found blocks, say) does not hold
 * back the others; a projection that has not stored an offset yet keeps every event of its tag.
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
            Map<String, Long> bounds = new TreeMap<>();
            Map<List<String>, Long> offsets = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT \"projection_name\", \"projection_key\", \"current_offset\" FROM \"pekko_projection_offset_store\"");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    offsets.put(List.of(rs.getString(1), rs.getString(2)), Long.parseLong(rs.getString(3)));
                }
            }
            for (List<String> id : projections) {
                bounds.merge(id.get(1), offsets.getOrDefault(id, 0L), Math::min);
            }
            int deleted = 0;
            for (Map.Entry<String, Long> bound : bounds.entrySet()) {
                if (bound.getValue() <= 0) {
                    continue;
                }
                // Only events carrying no other tag: another tag's projections may not have read them.
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM \"event_journal\" WHERE \"ordering\" IN (SELECT t.\"event_id\" FROM \"event_tag\" t "
                                + "WHERE t.\"tag\" = ? AND t.\"event_id\" <= ?) "
                                + "AND NOT EXISTS (SELECT 1 FROM \"event_tag\" u WHERE u.\"event_id\" = \"event_journal\".\"ordering\" "
                                + "AND u.\"tag\" <> ?) "
                                + "AND \"sequence_number\" < (SELECT MAX(s.\"sequence_number\") FROM \"snapshot\" s "
                                + "WHERE s.\"persistence_id\" = \"event_journal\".\"persistence_id\")")) {
                    ps.setString(1, bound.getKey());
                    ps.setLong(2, bound.getValue());
                    ps.setString(3, bound.getKey());
                    deleted += ps.executeUpdate();
                }
            }
            return deleted;
        }
    }
}
