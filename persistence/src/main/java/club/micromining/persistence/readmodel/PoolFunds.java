package club.micromining.persistence.readmodel;

import club.micromining.pool.accounting.Split;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

/** {@code pool_funds}: one row per fund since its migration (V4), so every projection only ever adds to it. */
final class PoolFunds {
    private PoolFunds() {
    }

    /** Adds what a batch gave each fund, in one batched statement; funds that got nothing are left alone. */
    static void add(Connection c, Map<Split.Fund, Long> msat) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pool_funds SET msat = msat + ? WHERE fund = ?")) {
            boolean any = false;
            for (Map.Entry<Split.Fund, Long> e : msat.entrySet()) {
                if (e.getValue() != 0) {
                    ps.setLong(1, e.getValue());
                    ps.setString(2, e.getKey().key());
                    ps.addBatch();
                    any = true;
                }
            }
            if (any) {
                ps.executeBatch();
            }
        }
    }
}
