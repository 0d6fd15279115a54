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

    /** The pool and the threads the writes run on, one per connection. */
    public record Writers(HikariDataSource pool, Executor threads) {
    }

    private final Optional<Writers> writers;

    private JournalWriteConnections(Optional<Writers> writers) {
        this.writers = writers;
    }

    public static JournalWriteConnections get(ActorSystem system) {
        return ID.get(system);
    }

    /** Empty where the node did not configure them (the journal's own pool and dispatcher are then used). */
    public Optional<Writers> writers() {
        return writers;
    }

    public static final class Id extends AbstractExtensionId<JournalWriteConnections> implements ExtensionIdProvider {
        @Override
        public JournalWriteConnections createExtension(ExtendedActorSystem system) {
            Config all = system.settings().config();
            if (!all.hasPath(PATH)) {
                return new JournalWriteConnections(Optional.empty());
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
            return new JournalWriteConnections(Optional.of(new Writers(pool, threads)));
        }

        @Override
        public Id lookup() {
            return ID;
        }
    }

    private static HikariDataSource open(Config c) {
        HikariConfig hc = Database.poolConfig(c.getString("url"), c.getString("driver"), c.getString("user"), c.getString("password"),
                c.getInt("connections"), c.getDuration("connection-timeout"), "micromining-journal-writes");
        hc.setMinimumIdle(c.getInt("connections"));
        // Connected when the first write comes, as the journal's own pool: a database away at start-up fails writes, not the plugin.
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }
}
