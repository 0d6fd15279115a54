package club.micromining.pool.shares;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.pool.SingleNodeCluster;
import club.micromining.pool.accounting.PplnsWindow;
import club.micromining.pool.accounting.scheme.Fpps;
import club.micromining.pool.accounting.scheme.Pplns;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.device.DeviceState;
import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.share.DuplicateShareException;
import com.typesafe.config.ConfigFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.persistence.testkit.ProcessingSuccess$;
import org.apache.pekko.persistence.testkit.StorageFailure;
import org.apache.pekko.persistence.testkit.WriteEvents;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The durable end of the share path, on sharded device entities. */
class DurableShareRecorderTest {
    private static final Split SPLIT = new Split(9_200, 300, 200, 100, 200);
    private static final BigInteger DIFF1 = BigInteger.valueOf(0xffffL).shiftLeft(208);
    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config().withFallback(ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                # An entity waiting to restart after a failed write stops only when sharding gives up on it.
                pekko.actor.testkit.typed.system-shutdown-default = 30s
                """)).withFallback(ConfigFactory.load()));
        SingleNodeCluster.join(kit.system());
        DeviceEntity.initSharding(kit.system(), 100);
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    /** A share of difficulty 1 on a network of difficulty 4: worth a quarter of the block under FPPS. */
    private static AcceptedShare share(String account, int nonce) {
        return new AcceptedShare(account, "bitaxe", "1a", 800_000, 1, 1.5, "0000000100000002", "00000007", 0x66221bdf, nonce,
                0x20000000, false, 1_700_000_000_000L, DIFF1, DIFF1.divide(BigInteger.valueOf(4)), 1000);
    }

    private static DeviceState device(String id) throws Exception {
        return ClusterSharding.get(kit.system()).entityRefFor(DeviceEntity.TYPE_KEY, id)
                .<DeviceState>ask(DeviceEntity.GetState::new, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aShareTheEntityAlreadyHoldsIsADuplicateNotAFailure() throws Exception {
        DurableShareRecorder recorder = new DurableShareRecorder(kit.system(), Duration.ofSeconds(5), SPLIT, new Fpps());
        recorder.record(share("alice", 42)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Throwable again = recorder.record(share("alice", 42)).toCompletableFuture()
                .handle((v, e) -> e instanceof CompletionException && e.getCause() != null ? e.getCause() : e)
                .get(10, TimeUnit.SECONDS);
        assertThat(again).isInstanceOf(DuplicateShareException.class);

        DeviceState state = device("alice.bitaxe");
        assertThat(state.shares()).isEqualTo(1);
        assertThat(state.accruedMsat()).isEqualTo(250_000);
    }

    @Test
    void underPplnsAShareEarnsNothingWhenAccepted() throws Exception {
        DurableShareRecorder recorder = new DurableShareRecorder(kit.system(), Duration.ofSeconds(5), SPLIT, new Pplns(PplnsWindow.parse("2x")));
        recorder.record(share("bob", 1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        DeviceState state = device("bob.bitaxe");
        assertThat(state.shares()).isEqualTo(1);
        assertThat(state.accruedMsat()).isZero();
    }

    @Test
    void aDevicesSharesWaitingForItsWriteGoTogetherAndAFailedWriteFailsExactlyItsShares() throws Exception {
        PersistenceTestKit journal = PersistenceTestKit.create(kit.system());
        List<Integer> writes = new CopyOnWriteArrayList<>();
        journal.withPolicy((persistenceId, operation) -> {
            if (persistenceId.equals("Device|gina.bitaxe") && operation instanceof WriteEvents w) {
                int n = writes.size();
                writes.add(w.batch().size());
                if (n == 0) {
                    // The first write is slow: the device's next shares arrive while it is in flight.
                    sleep(400);
                } else if (n == 1 || n == 2) {
                    // The write of the five fails, and fails again when the recorder asks once more.
                    return StorageFailure.apply(new IllegalStateException("disk full"));
                }
            }
            return ProcessingSuccess$.MODULE$;
        });
        try {
            DurableShareRecorder recorder = new DurableShareRecorder(kit.system(), Duration.ofSeconds(2), SPLIT, new Fpps());
            CompletableFuture<Void> first = recorder.record(share("gina", 1)).toCompletableFuture();
            Thread.sleep(100);
            List<CompletableFuture<Void>> waiting = new ArrayList<>();
            for (int nonce = 2; nonce <= 6; nonce++) {
                waiting.add(recorder.record(share("gina", nonce)).toCompletableFuture());
            }
            first.get(10, TimeUnit.SECONDS);
            // Answered only once its event is in the journal.
            assertThat(journal.persistedInStorage("Device|gina.bitaxe")).hasSize(2);
            for (CompletableFuture<Void> f : waiting) {
                assertThat(f).failsWithin(Duration.ofSeconds(10));
            }
            // The five went in one write (after the first: its share and the device's first best share).
            assertThat(writes).startsWith(2, 5);
            recorder.record(share("gina", 7)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            DeviceState state = device("gina.bitaxe");
            assertThat(state.shares()).isEqualTo(2);
            assertThat(journal.persistedInStorage("Device|gina.bitaxe")).hasSize(3);
        } finally {
            journal.resetPolicy();
        }
    }

    @Test
    void aWriteSlowerThanTheTimeoutIsAnsweredWhenItIsDone() throws Exception {
        PersistenceTestKit journal = PersistenceTestKit.create(kit.system());
        List<Integer> slow = new CopyOnWriteArrayList<>();
        journal.withPolicy((persistenceId, operation) -> {
            if (persistenceId.equals("Device|ida.bitaxe") && operation instanceof WriteEvents w) {
                slow.add(w.batch().size());
                if (slow.size() == 1) {
                    sleep(3000);
                }
            }
            return ProcessingSuccess$.MODULE$;
        });
        try {
            DurableShareRecorder recorder = new DurableShareRecorder(kit.system(), Duration.ofSeconds(2), SPLIT, new Fpps());
            CompletableFuture<Void> slowly = recorder.record(share("ida", 1)).toCompletableFuture();

            assertThat(slowly).as("a slow journal is not a failing one").succeedsWithin(Duration.ofSeconds(10));
            assertThat(slow).as("the second ask found the share held and wrote nothing").hasSize(1);
            assertThat(device("ida.bitaxe").shares()).isEqualTo(1);
            assertThat(recorder.record(share("ida", 1)).toCompletableFuture()).as("a share sent again is still a duplicate")
                    .failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withCauseInstanceOf(DuplicateShareException.class);
        } finally {
            journal.resetPolicy();
        }
    }

    /*
     * Apart from the slow write above: the test journal writes one batch at a time, so a failure queued behind a slow
     * write would fail while the second ask waits in the entity's stash, which its restart drops (that ask, too, then
     * goes unanswered: the miner hears an error, as for a journal that keeps failing).
     */
    @Test
    void aFailureThatPassesIsWrittenOnTheSecondAsk() throws Exception {
        PersistenceTestKit journal = PersistenceTestKit.create(kit.system());
        List<Integer> failing = new CopyOnWriteArrayList<>();
        journal.withPolicy((persistenceId, operation) -> {
            if (persistenceId.equals("Device|hana.bitaxe") && operation instanceof WriteEvents w) {
                failing.add(w.batch().size());
                if (failing.size() == 1) {
                    return StorageFailure.apply(new IllegalStateException("disk full for a moment"));
                }
            }
            return ProcessingSuccess$.MODULE$;
        });
        try {
            DurableShareRecorder recorder = new DurableShareRecorder(kit.system(), Duration.ofSeconds(2), SPLIT, new Fpps());
            CompletableFuture<Void> failed = recorder.record(share("hana", 1)).toCompletableFuture();

            assertThat(failed).as("written when asked once more").succeedsWithin(Duration.ofSeconds(10));
            assertThat(failing).hasSize(2);
            assertThat(device("hana.bitaxe").shares()).isEqualTo(1);
        } finally {
            journal.resetPolicy();
        }
    }

    @Test
    void itsWriteLagIsWhatTheSlowestRecentWriteTookOrHowLongAStuckOneHasWaited() throws Exception {
        PersistenceTestKit journal = PersistenceTestKit.create(kit.system());
        journal.withPolicy((persistenceId, operation) -> {
            if (persistenceId.equals("Device|jun.bitaxe") && operation instanceof WriteEvents) {
                sleep(600);
            }
            return ProcessingSuccess$.MODULE$;
        });
        try {
            DurableShareRecorder recorder = new DurableShareRecorder(kit.system(), Duration.ofSeconds(5), SPLIT, new Fpps());
            assertThat(recorder.nanos()).as("idle").isZero();
            CompletableFuture<Void> stuck = recorder.record(share("jun", 1)).toCompletableFuture();
            Thread.sleep(300);
            assertThat(recorder.nanos()).as("while the write waits").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
            stuck.get(10, TimeUnit.SECONDS);
            assertThat(recorder.nanos()).as("just after it was answered").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(550));
            Thread.sleep(700);
            assertThat(recorder.nanos()).as("once no write has been slow for a while").isZero();
        } finally {
            journal.resetPolicy();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
