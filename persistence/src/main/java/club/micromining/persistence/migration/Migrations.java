package club.micromining.persistence.migration;

import club.micromining.persistence.db.DatabaseSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.bitcoinj.base.Sha256Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations, run at start-up: each {@code V<n>__<name>.sql}, from the database's own
 * folder or from {@code common} where both take the same SQL, is applied once, in order, and recorded with a checksum in {@code schema_migrations}. A migration that
 * was changed after it was applied stops start-up: the schema would no longer match its history.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    /** In order; never edit one that was released, add the next. */
    static final List<String> FILES = List.of("V1__journal.sql", "V2__projection_offsets.sql", "V3__read_models.sql",
            "V4__pool_funds.sql", "V5__payouts.sql", "V6__block_rewards.sql", "V7__donations.sql", "V8__device_presence.sql",
            "V9__binary_payloads.sql", "V10__event_tag_index.sql", "V11__account_owners.sql", "V12__history.sql",
            "V13__alerts.sql", "V14__pool_minutes.sql", "V15__ledger.sql", "V16__ledger_ots.sql", "V17__raffle_rounds.sql", "V18__raffle_draws.sql", "V19__raffle_prizes.sql",
            "V20__projects.sql");
    /** PostgreSQL advisory lock key, so nodes of a cluster starting together migrate one at a time. */
    private static final long LOCK_KEY = 0x4d4d_5350_4f4f_4cL;

    private Migrations() {
    }

    /** Applies what is missing; returns how many migrations ran. */
    public static int apply(DataSource dataSource, DatabaseSettings.Kind kind) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (kind == DatabaseSettings.Kind.POSTGRES) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
                }
            }
            try {
                return applyLocked(c, kind);
            } finally {
                if (kind == DatabaseSettings.Kind.POSTGRES) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
                    }
                }
            }
        }
    }

    private static int applyLocked(Connection c, DatabaseSettings.Kind kind) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR(200) NOT NULL, "
                    + "checksum VARCHAR(64) NOT NULL, applied_at BIGINT NOT NULL)");
        }
        Map<Integer, String> applied = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_migrations")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        int ran = 0;
        boolean autoCommit = c.getAutoCommit();
        for (String file : FILES) {
            int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
            String sql = read(kind, file);
            String checksum = sha256(sql);
            String before = applied.get(version);
            if (before != null) {
                if (!before.equals(checksum)) {
                    throw new IllegalStateException("schema migration " + file + " was changed after it was applied to this "
                            + "database; restore it and add a new migration instead");
                }
                continue;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String statement : statements(sql)) {
                    s.execute(statement);
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                    p.setInt(1, version);
                    p.setString(2, file);
                    p.setString(3, checksum);
                    p.setLong(4, System.currentTimeMillis());
                    p.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("schema migration " + file + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(autoCommit);
            }
            log.info("Applied schema migration {}", file);
            ran++;
        }
        return ran;
    }

    /** Statements end with a semicolon at the end of a line; lines starting with -- are comments. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("a migration ends without a semicolon: " + current);
        }
        return out;
    }

    /** The database's own version of a migration, or the common one where both databases take the same SQL. */
    private static String read(DatabaseSettings.Kind kind, String file) {
        String own = "/db/migration/" + (kind == DatabaseSettings.Kind.H2 ? "h2" : "postgres") + "/" + file;
        String common = "/db/migration/common/" + file;
        for (String path : new String[] {own, common}) {
            try (InputStream in = Migrations.class.getResourceAsStream(path)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("migration " + file + " is missing from the build");
    }

    private static String sha256(String s) {
        return HexFormat.of().formatHex(Sha256Hash.hash(s.getBytes(StandardCharsets.UTF_8)));
    }
}
