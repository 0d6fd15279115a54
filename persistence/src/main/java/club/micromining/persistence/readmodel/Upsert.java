package club.micromining.persistence.readmodel;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Update-or-insert in two batched round trips, the same SQL on H2 and PostgreSQL: every row is
 * updated in one batch, the rows that did not exist are inserted in a second. Safe because each row has
 * one writer: the projection instance that owns its tag.
 */
public final class Upsert<T> {
    public interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private final String updateSql;
    private final Binder<T> updateBinder;
    private final String insertSql;
    private final Binder<T> insertBinder;

    public Upsert(String updateSql, Binder<T> updateBinder, String insertSql, Binder<T> insertBinder) {
        this.updateSql = updateSql;
        this.updateBinder = updateBinder;
        this.insertSql = insertSql;
        this.insertBinder = insertBinder;
    }

    public void run(Connection c, List<T> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<T> missing = new ArrayList<>();
        try (PreparedStatement update = c.prepareStatement(updateSql)) {
            for (T row : rows) {
                updateBinder.bind(update, row);
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    missing.add(rows.get(i));
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(insertSql)) {
            for (T row : missing) {
                insertBinder.bind(insert, row);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
