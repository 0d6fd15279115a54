package club.micromining.persistence.db;

import com.typesafe.config.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;

/**
 * The journal writes' own connections and threads ({@value #PATH}: as many as writes go at once), one set per
 * actor system, closed when it terminates. Not the pool the journal shares with the entities' recoveries and the
 * projections' tag queries, nor the blocking dispatcher those queries wait on for a connection: a fresh node's
 * first seconds had the one write in flight on H2 wait up to 450 ms for a connection behind those reads, and
 * every share of the node waited behind that write.
 */
public final class JournalWriteConnections implements Extension {
    /** Where the node puts the write connections' settings; without them, writes take the journal's pool. */
    public static final String PATH = "jdbc-journal.micromining-writes";
    public static final Id ID = new Id();

    private final Optional<HikariDataSource> pool;
    private final Optional<ExecutorService> threads;

    private JournalWriteConnections(Optional<HikariDataSource> pool, Optional<ExecutorService> threads) {
        this.pool = pool;
        this.threads = threads;
    }

    public static JournalWriteConnections get(ActorSystem system) {
        return ID.get(system);
    }

    /** Empty where the node did not configure them (the journal's own pool is then used). */
    public Optional<HikariDataSource> pool() {
        return pool;
    }

    /** The threads the writes run on, one per connection; empty with {@link #pool()}. */
    public Optional<Executor> threads() {
        return threads.map(t -> t);
    }

    public static final class Id extends AbstractExtensionId<JournalWriteConnections> implements ExtensionIdProvider {
        @Override
        public JournalWriteConnections createExtension(ExtendedActorSystem system) {
            Config all = system.settings().config();
            if (!all.hasPath(PATH)) {
                return new JournalWriteConnections(Optional.empty(), Optional.empty());
            }
            Config c = all.getConfig(PATH);
            HikariDataSource pool = open(c);
            AtomicInteger n = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(c.getInt("connections"), r -> {
                Thread t = new Thread(r, system.name() + "-journal-write-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            system.registerOnTermination(() -> {
                threads.shutdown();
                pool.close();
            });
            return new JournalWriteConnections(Optional.of(pool), Optional.of(threads));
        }

        @Override
        public Id lookup() {
            return ID;
        }
    }

    private static HikariDataSource open(Config c) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(c.getString("url"));
        hc.setDriverClassName(c.getString("driver"));
        if (!c.getString("user").isEmpty()) {
            hc.setUsername(c.getString("user"));
        }
        if (!c.getString("password").isEmpty()) {
            hc.setPassword(c.getString("password"));
        }
        hc.setMaximumPoolSize(c.getInt("connections"));
        hc.setMinimumIdle(c.getInt("connections"));
        hc.setConnectionTimeout(c.getDuration("connection-timeout").toMillis());
        hc.setPoolName("micromining-journal-writes");
        // Connected when the first write comes, as the journal's own pool: a database away at start-up fails writes, not the plugin.
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }
}
