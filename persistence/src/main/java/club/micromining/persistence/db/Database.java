package club.micromining.persistence.db;

import club.micromining.common.concurrent.Failures;
import club.micromining.persistence.migration.Migrations;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.persistence.jdbc.db.SlickExtension;
import org.apache.pekko.persistence.jdbc.db.SlickExtensionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's database, opened once at start-up: migrations are applied, a connection pool serves the
 * read side, and {@link #pekkoConfig()} points Pekko Persistence JDBC and the projections at it.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    public static final String SHARED_DB = "micromining";

    private final DatabaseSettings settings;
    private final HikariDataSource dataSource;

    private Database(DatabaseSettings settings, HikariDataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
    }

    /** Connects, applies missing migrations, and fails start-up with the database's own words if it cannot. */
    public static Database open(DatabaseSettings settings) {
        if (settings.kind() == DatabaseSettings.Kind.H2 && settings.url().startsWith("jdbc:h2:file:")) {
            createParentDirectory(settings.url());
        }
        if (settings.kind() == DatabaseSettings.Kind.H2) {
            refuseIfOpenElsewhere(settings);
        }
        HikariConfig hc = poolConfig(settings.url(), settings.driverClass(), settings.user(), settings.password(), settings.poolSize(),
                settings.connectionTimeout(), "micromining-read-side");
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot connect to the database " + settings.describe()
                    + " (POOL_DB_URL, POOL_DB_USER, POOL_DB_PASSWORD): " + Failures.rootMessage(e), e);
        }
        try {
            int ran = Migrations.apply(ds, settings.kind());
            log.info("Database {} ready ({} migrations applied now)", settings.describe(), ran);
        } catch (SQLException | RuntimeException e) {
            ds.close();
            throw new IllegalStateException("the database " + settings.describe() + " could not be migrated: " + Failures.rootMessage(e), e);
        }
        return new Database(settings, ds);
    }

    /** A connection pool on this database, as the read side's and the journal writes' own are made; an empty user or password is none. */
    static HikariConfig poolConfig(String url, String driver, String user, String password, int size, java.time.Duration timeout,
                                   String name) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setDriverClassName(driver);
        if (!user.isEmpty()) {
            hc.setUsername(user);
        }
        if (!password.isEmpty()) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(size);
        hc.setPoolName(name);
        hc.setConnectionTimeout(timeout.toMillis());
        return hc;
    }

    /** H2's file lock: another process has this database open. Said plainly, before the pool would log its stack trace. */
    private static void refuseIfOpenElsewhere(DatabaseSettings settings) {
        try (java.sql.Connection probe = java.sql.DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
            probe.isValid(1);
        } catch (java.sql.SQLException e) {
            if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new IllegalStateException("the embedded database " + settings.describe() + " is open in another node process: "
                        + "an embedded H2 database belongs to one node. Give this node its own POOL_DATA_DIR, or run a cluster "
                        + "on PostgreSQL (POOL_DB_URL)", e);
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Whether a connection answers within two seconds: for the readiness probe, not for the share path. */
    public boolean reachable() {
        try (java.sql.Connection c = dataSource().getConnection()) {
            return c.isValid(2);
        } catch (java.sql.SQLException | RuntimeException e) {
            return false;
        }
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /** Settings for Pekko Persistence JDBC and Pekko Projection JDBC, to lay over the application config. */
    public Config pekkoConfig() {
        boolean h2 = settings.kind() == DatabaseSettings.Kind.H2;
        Map<String, Object> c = new java.util.HashMap<>();
        c.put("pekko.persistence.journal.plugin", "jdbc-journal");
        c.put("pekko.persistence.snapshot-store.plugin", "jdbc-snapshot-store");
        c.put("jdbc-journal.use-shared-db", SHARED_DB);
        c.put("jdbc-snapshot-store.use-shared-db", SHARED_DB);
        c.put("jdbc-read-journal.use-shared-db", SHARED_DB);
        // Writes waiting for the database: above this the journal fails persists outright. The edge's
        // in-flight bound keeps fewer than this waiting.
        c.put("jdbc-journal.bufferSize", 10_000);
        c.put("jdbc-journal.parallelism", settings.journalWriters());
        c.put("jdbc-read-journal.refresh-interval", settings.pollInterval().toMillis() + "ms");
        c.put("jdbc-read-journal.dao", TaggedEventsDao.class.getName());
        c.put("jdbc-journal.dao", BatchedJournalDao.class.getName());
        c.put(JournalWriteConnections.PATH + ".url", settings.url());
        c.put(JournalWriteConnections.PATH + ".user", settings.user());
        c.put(JournalWriteConnections.PATH + ".password", settings.password());
        c.put(JournalWriteConnections.PATH + ".driver", settings.driverClass());
        c.put(JournalWriteConnections.PATH + ".connections", settings.journalWriters());
        c.put(JournalWriteConnections.PATH + ".connection-timeout", settings.connectionTimeout().toMillis() + "ms");
        String db = "pekko-persistence-jdbc.shared-databases." + SHARED_DB;
        c.put(db + ".profile", h2 ? "slick.jdbc.H2Profile$" : "slick.jdbc.PostgresProfile$");
        c.put(db + ".db.url", settings.url());
        c.put(db + ".db.user", settings.user());
        c.put(db + ".db.password", settings.password());
        c.put(db + ".db.driver", settings.driverClass());
        c.put(db + ".db.numThreads", settings.poolSize());
        c.put(db + ".db.maxConnections", settings.poolSize());
        c.put(db + ".db.minConnections", 1);
        c.put("pekko.projection.jdbc.dialect", h2 ? "h2-dialect" : "postgres-dialect");
        c.put("pekko.projection.jdbc.blocking-jdbc-dispatcher.thread-pool-executor.fixed-pool-size", settings.poolSize());
        return ConfigFactory.parseMap(c);
    }

    /**
     * The connection pools on this database: the read side's, the journal's (Slick's, once the actor
     * system has opened it) and the journal writes' own, for their metrics.
     */
    public java.util.List<HikariDataSource> pools(ClassicActorSystemProvider system) {
        java.util.List<HikariDataSource> pools = new java.util.ArrayList<>(java.util.List.of(dataSource));
        Config journal = system.classicSystem().settings().config().getConfig("jdbc-journal");
        if (((SlickExtensionImpl) SlickExtension.get(system.classicSystem())).database(journal).database().source()
                instanceof slick.jdbc.hikaricp.HikariCPJdbcDataSource h && h.ds() != dataSource) {
            pools.add(h.ds());
        }
        JournalWriteConnections.get(system.classicSystem()).writers().ifPresent(w -> pools.add(w.pool()));
        return pools;
    }

    /**
     * Closes the journal's connections, once the actor system that wrote through them has terminated; then
     * {@link #close()} closes the read side's, and H2 closes its file with the last of them.
     */
    public void closeJournal(ClassicActorSystemProvider system) {
        Config journal = system.classicSystem().settings().config().getConfig("jdbc-journal");
        ((SlickExtensionImpl) SlickExtension.get(system.classicSystem())).database(journal).database().close();
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void createParentDirectory(String url) {
        String path = url.substring("jdbc:h2:file:".length());
        int semicolon = path.indexOf(';');
        Path file = Path.of(semicolon < 0 ? path : path.substring(0, semicolon));
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + file.getParent()
                    + " (POOL_DATA_DIR): " + e.getMessage(), e);
        }
    }

}
