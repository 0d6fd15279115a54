package club.micromining.persistence.db;

import club.micromining.common.config.ConfigReader;
import club.micromining.common.config.SettingsException;
import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The database: H2 in a file under the data directory by default, PostgreSQL when the URL says so.
 *
 * @param kind          which database
 * @param url           JDBC URL
 * @param user          user name (may be empty)
 * @param password      password (may be empty)
 * @param poolSize      connections per pool
 * @param pollInterval  how often projections look for new events
 * @param connectionTimeout how long a query waits for a free connection before it fails
 * @param journalWriters journal writes in flight at once; the events that arrive meanwhile go together
 *                      into the next write (one commit for all)
 */
public record DatabaseSettings(Kind kind, String url, String user, String password, int poolSize, Duration pollInterval,
                               Duration connectionTimeout, int journalWriters) {

    /**
     * H2 commits to one file, one sync after another: one writer groups the most events per sync. PostgreSQL
     * commits concurrently.
     */
    static int defaultJournalWriters(Kind kind) {
        return kind == Kind.H2 ? 1 : 8;
    }

    public enum Kind {
        H2, POSTGRES
    }

    public static DatabaseSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        String url = r.string("micromining.database.url", "POOL_DB_URL").trim();
        Kind kind;
        if (url.isEmpty()) {
            Path dir = Path.of(r.string("micromining.data-dir", "POOL_DATA_DIR")).toAbsolutePath().normalize();
            url = h2FileUrl(dir.resolve("micromining"));
            kind = Kind.H2;
        } else if (url.startsWith("jdbc:postgresql://")) {
            kind = Kind.POSTGRES;
        } else if (url.startsWith("jdbc:h2:")) {
            kind = Kind.H2;
        } else {
            throw new SettingsException("micromining.database.url", "POOL_DB_URL",
                    "must be a jdbc:postgresql:// URL (or jdbc:h2:, or empty for the embedded database), was \"" + url + "\"");
        }
        return new DatabaseSettings(kind, url, r.string("micromining.database.user", "POOL_DB_USER"),
                r.string("micromining.database.password", "POOL_DB_PASSWORD"),
                r.integer("micromining.database.pool-size", "POOL_DB_POOL_SIZE", 1, 200),
                r.duration("micromining.projections.poll-interval", "POOL_PROJECTION_POLL_INTERVAL", Duration.ofMillis(10)),
                r.duration("micromining.database.connection-timeout", "POOL_DB_CONNECTION_TIMEOUT", Duration.ofMillis(250)),
                journalWriters(r, kind));
    }

    private static int journalWriters(ConfigReader r, Kind kind) {
        String path = "micromining.database.journal-writers";
        String raw = r.string(path, "POOL_DB_JOURNAL_WRITERS").trim();
        if (raw.equalsIgnoreCase("auto")) {
            return defaultJournalWriters(kind);
        }
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= 64) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SettingsException(path, "POOL_DB_JOURNAL_WRITERS", "must be auto or a whole number from 1 to 64, was \"" + raw + "\"");
    }

    /**
     * An H2 file database. WRITE_DELAY=0 makes every commit reach the file before the commit returns,
     * so a share confirmed to a miner survives the process being killed. DB_CLOSE_ON_EXIT=FALSE: the node
     * closes it after the projections and the journal have stopped, not H2's own shutdown hook under them.
     */
    public static String h2FileUrl(Path file) {
        return "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    public String driverClass() {
        return kind == Kind.H2 ? "org.h2.Driver" : "org.postgresql.Driver";
    }

    /** The URL without credentials, for logs. */
    public String describe() {
        int q = url.indexOf('?');
        return kind + " at " + (q < 0 ? url : url.substring(0, q));
    }
}
