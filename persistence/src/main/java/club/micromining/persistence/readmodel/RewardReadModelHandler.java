package club.micromining.persistence.readmodel;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.BlockRewardEntity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Keeps {@code block_rewards} and {@code block_reward_credits} from the divided blocks, and adds the
 * funds' parts (and the rounding remainder, to the reserve) to {@code pool_funds}, exactly once.
 */
public final class RewardReadModelHandler extends JdbcHandler<List<EventEnvelope<BlockRewardEntity.Event>>, PooledJdbcSession> {

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<BlockRewardEntity.Event>> envelopes) throws Exception {
        session.withConnection(c -> {
            for (EventEnvelope<BlockRewardEntity.Event> env : envelopes) {
                if (env.event() instanceof BlockRewardEntity.BlockRewardDistributed e) {
                    record(c, e);
                }
            }
            return null;
        });
    }

    private static void record(Connection c, BlockRewardEntity.BlockRewardDistributed e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO block_rewards (hash, height, finder, scheme, value_msat, "
                + "work_window, counted_difficulty, undistributed_msat, distributed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, e.block().hash());
            ps.setLong(2, e.block().height());
            ps.setString(3, e.block().finder());
            ps.setString(4, e.scheme());
            ps.setLong(5, e.block().valueMsat());
            ps.setString(6, e.window());
            ps.setString(7, e.countedDifficulty());
            ps.setLong(8, e.undistributedMsat());
            ps.setLong(9, e.atMillis());
            ps.executeUpdate();
        }
        PoolFunds funds = new PoolFunds();
        funds.add(Split.Fund.RESERVE, e.undistributedMsat(), e.atMillis());
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO block_reward_credits (hash, account, accrual_msat, member_msat) VALUES (?, ?, ?, ?)")) {
            for (BlockReward.Credit credit : e.credits()) {
                ps.setString(1, e.block().hash());
                ps.setString(2, credit.account());
                ps.setLong(3, credit.accrualMsat());
                ps.setLong(4, credit.parts().member());
                ps.addBatch();
                funds.add(credit.parts(), e.atMillis());
            }
            if (!e.credits().isEmpty()) {
                ps.executeBatch();
            }
        }
        funds.write(c, "block-rewards");
    }
}
