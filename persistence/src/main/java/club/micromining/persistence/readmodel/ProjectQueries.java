package club.micromining.persistence.readmodel;

import club.micromining.pool.view.ProjectView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/** The club's projects from their read model: lists by round, one project with its comments and votes. */
public final class ProjectQueries {
    private static final String COLUMNS = "id, round_id, author, title, description, amount_msat, recipient, status, proposed_at, "
            + "votes_for, votes_against, voters, tally_rank, payment_hash, preimage, fee_msat, paid_at";
    private final DataSource dataSource;

    public ProjectQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Newest first; of one round, or of all when {@code round} is null. */
    public List<ProjectView> projects(String round, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM projects" + (round == null ? "" : " WHERE round_id = ?")
                + " ORDER BY proposed_at DESC, id LIMIT " + Math.max(1, limit);
        List<ProjectView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (round != null) {
                ps.setString(1, round);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(project(rs, List.of(), List.of()));
                }
            }
        }
        return out;
    }

    public Optional<ProjectView> project(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM projects WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(project(rs, comments(c, id), votes(c, id)));
            }
        }
    }

    /** Funded projects whose payment has not settled: what the payouts look at. */
    public List<String> fundingDue() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM projects WHERE status = 'FUNDED' ORDER BY proposed_at");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static ProjectView project(ResultSet rs, List<ProjectView.Comment> comments, List<ProjectView.Vote> votes) throws SQLException {
        return new ProjectView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6),
                rs.getString(7), rs.getString(8).toLowerCase(Locale.ROOT).replace('_', '-'), rs.getLong(9), rs.getString(10),
                rs.getString(11), rs.getInt(12), rs.getInt(13), rs.getString(14), rs.getString(15), rs.getLong(16), rs.getLong(17),
                comments, votes);
    }

    private static List<ProjectView.Comment> comments(Connection c, String id) throws SQLException {
        List<ProjectView.Comment> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT account, body, at_millis FROM project_comments WHERE project_id = ? ORDER BY seq")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ProjectView.Comment(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    private static List<ProjectView.Vote> votes(Connection c, String id) throws SQLException {
        List<ProjectView.Vote> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT account, in_favour, at_millis FROM project_votes WHERE project_id = ? ORDER BY account")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ProjectView.Vote(rs.getString(1), rs.getBoolean(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }
}
