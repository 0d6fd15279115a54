package club.micromining.persistence;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.projection.ReadSideProjections;
import club.micromining.persistence.projection.YieldToShares;
import club.micromining.pool.SingleNodeCluster;
import club.micromining.pool.accounting.PplnsWindow;
import club.micromining.pool.accounting.scheme.Fpps;
import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.accounting.scheme.Pplns;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.member.MemberEntity;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** An actor system on a test database, a single-node cluster with the entities and the read-side projections. */
final class ReadSideSystems {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ReadSideSystems() {
    }

    static ActorSystem<Void> start(Database db, String name, boolean pplns) {
        try {
            return start(db, name, pplns, new club.micromining.persistence.ledger.LedgerStore(db.dataSource(),
                    club.micromining.persistence.ledger.LedgerKey.loadOrCreate(java.nio.file.Files.createTempDirectory("ledger-key")),
                    "test.example/ledger"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Periods of the ledger are one second long here. */
    static ActorSystem<Void> start(Database db, String name, boolean pplns, club.micromining.persistence.ledger.LedgerStore ledger) {
        Config config = db.pekkoConfig()
                .withFallback(ConfigFactory.parseString("""
                        pekko.actor.provider = cluster
                        pekko.remote.artery.canonical.hostname = 127.0.0.1
                        pekko.remote.artery.canonical.port = 0
                        pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                        """))
                .withFallback(ConfigFactory.load());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), name, config);
        SingleNodeCluster.join(system);
        DeviceEntity.initSharding(system, 5);
        MemberEntity.initSharding(system, 5);
        ReadSideProjections.init(system, db.dataSource(), TIMEOUT, scheme(pplns),
                (account, webhook, alerts) -> java.util.concurrent.CompletableFuture.completedFuture(null), ledger, 1000,
                YieldToShares.never());
        return system;
    }

    static PaymentScheme scheme(boolean pplns) {
        return pplns ? new Pplns(PplnsWindow.parse("2x")) : new Fpps();
    }

    static void stop(ActorSystem<Void> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Polls until the check's answer is done (the read side is updated asynchronously), or 40 s passed. */
    static <T> T eventually(Callable<T> check, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        T last = check.call();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            last = check.call();
        }
        return last;
    }
}
