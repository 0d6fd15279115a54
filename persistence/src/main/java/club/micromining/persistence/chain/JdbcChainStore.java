package club.micromining.persistence.chain;

import club.micromining.stratum.template.ChainStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The embedded chain's blocks in the node's database, beside the journal that credits their finders. */
public final class JdbcChainStore implements ChainStore {
    private final DataSource dataSource;

    public JdbcChainStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<StoredBlock> tip() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT height, hash, bits FROM embedded_chain_blocks ORDER BY height DESC LIMIT 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new StoredBlock(rs.getLong(1), rs.getString(2), rs.getInt(3))) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("the embedded chain's blocks could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> hashAt(long height) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT hash FROM embedded_chain_blocks WHERE height = ?")) {
            ps.setLong(1, height);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the embedded chain's block at height " + height + " could not be read: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void accepted(StoredBlock block) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO embedded_chain_blocks (height, hash, bits, accepted_at) VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, block.height());
            ps.setString(2, block.hash());
            ps.setInt(3, block.bits());
            ps.setLong(4, System.currentTimeMillis());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
