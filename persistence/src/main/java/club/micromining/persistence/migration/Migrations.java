package club.micromining.persistence.migration;

import club.micromining.persistence.db.DatabaseSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.bitcoinj.base.Sha256Hash;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema's versioned migrations, run by Flyway at start-up: each {@code V<n>__<name>.sql} from
 * {@code db/migration/common} (the SQL both databases take) and the database's own folder ({@code h2} or
 * {@code postgres}), applied once in order and recorded in {@code flyway_schema_history} with its checksum;
 * a script changed after it was applied stops start-up with Flyway's validation message. Flyway holds its
 * own lock on PostgreSQL, so nodes of a cluster starting together migrate one at a time.
 *
 * <p>Databases made before Flyway have the history of this project's own runner, {@code schema_migrations}:
 * such a database is baselined at the last version that runner applied (after checking that those scripts
 * are unchanged, as that runner did), and Flyway applies what came after. Nothing in it is touched.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);
    static final String HISTORY = "flyway_schema_history";
    static final String LEGACY_HISTORY = "schema_migrations";

    private Migrations() {
    }

    /** Applies what is missing; returns how many migrations ran. */
    public static int apply(DataSource dataSource, DatabaseSettings.Kind kind) throws SQLException {
        String own = kind == DatabaseSettings.Kind.H2 ? "h2" : "postgres";
        FluentConfiguration config = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + own)
                .table(HISTORY)
                .validateMigrationNaming(true)
                .cleanDisabled(true);
        OptionalInt legacy = legacyVersion(dataSource, own);
        if (legacy.isPresent()) {
            log.info("The schema was made by the node's earlier migration runner up to V{}: Flyway takes it from there",
                    legacy.getAsInt());
            config.baselineOnMigrate(true).baselineVersion(Integer.toString(legacy.getAsInt()))
                    .baselineDescription("schema_migrations of earlier releases");
        }
        Flyway flyway = config.load();
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (FlywayException e) {
            throw new IllegalStateException("Flyway: " + e.getMessage(), e);
        }
    }

    /**
     * The last version the earlier runner applied, when the database has its history and not Flyway's; it
     * stops start-up if one of those scripts differs from the one this build carries.
     */
    private static OptionalInt legacyVersion(DataSource dataSource, String own) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (hasTable(c, HISTORY) || !hasTable(c, LEGACY_HISTORY)) {
                return OptionalInt.empty();
            }
            TreeMap<Integer, String[]> applied = new TreeMap<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, name, checksum FROM " + LEGACY_HISTORY)) {
                while (rs.next()) {
                    applied.put(rs.getInt(1), new String[] {rs.getString(2), rs.getString(3)});
                }
            }
            if (applied.isEmpty()) {
                return OptionalInt.empty();
            }
            for (String[] m : applied.values()) {
                if (!checksum(own, m[0]).equals(m[1])) {
                    throw new IllegalStateException("schema migration " + m[0] + " was changed after it was applied to this "
                            + "database; restore it and add a new migration instead");
                }
            }
            return OptionalInt.of(applied.lastKey());
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String n : new String[] {name, name.toUpperCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, null, n, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The earlier runner's checksum of a script: SHA-256 of its text, from the database's own folder or the common one. */
    private static String checksum(String own, String file) {
        for (String path : new String[] {"/db/migration/" + own + "/" + file, "/db/migration/common/" + file}) {
            try (InputStream in = Migrations.class.getResourceAsStream(path)) {
                if (in != null) {
                    return HexFormat.of().formatHex(Sha256Hash.hash(in.readAllBytes()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("migration " + file + " of this database's history is missing from the build");
    }
}
