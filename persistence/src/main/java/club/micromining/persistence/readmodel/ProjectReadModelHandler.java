package club.micromining.persistence.readmodel;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.projects.ProjectEntity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/** Keeps {@code projects}, {@code project_comments} and {@code project_votes} from the project entities' events, exactly once. */
public final class ProjectReadModelHandler extends JdbcHandler<List<EventEnvelope<ProjectEntity.Event>>, PooledJdbcSession> {

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<ProjectEntity.Event>> envelopes) throws Exception {
        session.withConnection(c -> {
            for (EventEnvelope<ProjectEntity.Event> env : envelopes) {
                apply(c, ProjectEntity.projectOf(env.persistenceId()), env.sequenceNr(), env.event());
            }
            return null;
        });
    }

    private static void apply(Connection c, String id, long seqNr, ProjectEntity.Event event) throws SQLException {
        if (event instanceof ProjectEntity.ProjectProposed e) {
            run(c, "INSERT INTO projects (id, round_id, author, title, description, amount_msat, recipient, status, proposed_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?)", id, e.round(), e.author(), e.proposal().title(),
                    e.proposal().description(), e.proposal().amountMsat(), e.proposal().recipient(), e.atMillis());
        } else if (event instanceof ProjectEntity.ProjectEdited e) {
            run(c, "UPDATE projects SET title = ?, description = ?, amount_msat = ?, recipient = ? WHERE id = ?", e.proposal().title(),
                    e.proposal().description(), e.proposal().amountMsat(), e.proposal().recipient(), id);
        } else if (event instanceof ProjectEntity.ProjectWithdrawn) {
            run(c, "UPDATE projects SET status = 'WITHDRAWN' WHERE id = ?", id);
        } else if (event instanceof ProjectEntity.CommentAdded e) {
            run(c, "INSERT INTO project_comments (project_id, seq, account, body, at_millis) VALUES (?, ?, ?, ?, ?)", id, seqNr,
                    e.account(), e.text(), e.atMillis());
        } else if (event instanceof ProjectEntity.VoteCast e) {
            if (run(c, "UPDATE project_votes SET in_favour = ?, at_millis = ? WHERE project_id = ? AND account = ?", e.inFavour(),
                    e.atMillis(), id, e.account()) == 0) {
                run(c, "INSERT INTO project_votes (project_id, account, in_favour, at_millis) VALUES (?, ?, ?, ?)", id, e.account(),
                        e.inFavour(), e.atMillis());
            }
        } else if (event instanceof ProjectEntity.TallyRecorded e) {
            run(c, "UPDATE projects SET status = ?, votes_for = ?, votes_against = ?, voters = ?, tally_rank = ? WHERE id = ?",
                    e.funded() ? "FUNDED" : "NOT_FUNDED", e.inFavour(), e.against(), e.voters(), e.rank(), id);
        } else if (event instanceof ProjectEntity.FundingPaid e) {
            run(c, "UPDATE projects SET status = 'PAID', payment_hash = ?, preimage = ?, fee_msat = ?, paid_at = ? WHERE id = ?",
                    e.paymentHash(), e.preimage(), e.feeMsat(), e.atMillis(), id);
        }
    }

    private static int run(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
