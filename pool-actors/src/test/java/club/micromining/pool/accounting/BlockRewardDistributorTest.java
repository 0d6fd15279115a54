package club.micromining.pool.accounting;

import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.accounting.scheme.Pplns;
import club.micromining.pool.accounting.scheme.Solo;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockRewardDistributorTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            PersistenceTestKitPlugin.getInstance().config().withFallback(ConfigFactory.load()));
    private static final PersistenceTestKit journal = PersistenceTestKit.create(testKit.system());
    private static final Split SPLIT = new Split(9_000, 400, 300, 100, 200);
    private static final AtomicInteger nodes = new AtomicInteger();

    @BeforeEach
    void clear() {
        journal.clearAll();
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** A read side on which the block's share shows up only from the third read on. */
    private static final class LaggingWindow implements WorkWindow {
        final AtomicInteger reads = new AtomicInteger();
        volatile BigDecimal askedFor;

        @Override
        public CompletionStage<Optional<List<Work>>> upToBlock(FoundBlock block, BigDecimal difficulty) {
            askedFor = difficulty;
            if (reads.incrementAndGet() < 3) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            return CompletableFuture.completedFuture(Optional.of(List.of(new Work("alice", 3), new Work("bob", 1),
                    new Work("carol", 50))));
        }
    }

    private static BlockRewardDistributor.Settings settings(PaymentScheme scheme) {
        return new BlockRewardDistributor.Settings(scheme, SPLIT, Duration.ofMillis(50),
                Duration.ofSeconds(3));
    }

    private static BlockRewardEntity.BlockRewardDistributed awaitDivision(int node) {
        String pid = "BlockRewards|node-" + node;
        return testKit.createTestProbe().awaitAssert(Duration.ofSeconds(5), () -> {
            List<Object> events = journal.persistedInStorage(pid);
            assertThat(events).last().isInstanceOf(BlockRewardEntity.BlockRewardDistributed.class);
            return (BlockRewardEntity.BlockRewardDistributed) events.get(events.size() - 1);
        });
    }

    @Test
    void pplnsWaitsForTheBlocksShareThenDividesOverTheWindow() {
        int node = nodes.incrementAndGet();
        LaggingWindow window = new LaggingWindow();
        ActorRef<BlockRewardDistributor.Command> d = testKit.spawn(BlockRewardDistributor.create(node, settings(new Pplns(PplnsWindow.parse("2x"))),
                window));
        FoundBlock block = new FoundBlock("0a", 100, "alice.bitaxe", 8_000, 2, 1L);
        d.tell(new BlockRewardDistributor.BlockAccepted(block));

        BlockRewardEntity.BlockRewardDistributed e = awaitDivision(node);
        assertThat(window.reads.get()).isEqualTo(3);
        assertThat(window.askedFor).isEqualByComparingTo("4");
        assertThat(e.scheme()).isEqualTo("PPLNS");
        assertThat(e.credits()).extracting(BlockReward.Credit::account).containsExactly("alice", "bob");
        assertThat(e.credits()).extracting(BlockReward.Credit::accrualMsat).containsExactly(6_000L, 2_000L);
        assertThat(e.countedDifficulty()).isEqualTo("4");
    }

    @Test
    void soloPaysTheFinderAndABlockLeftPendingIsDividedAfterARestart() {
        int node = nodes.incrementAndGet();
        FoundBlock block = new FoundBlock("0b", 101, "dave.nerdaxe", 5_000, 2, 1L);
        // A node that stopped after writing the block as found, before dividing it.
        TestProbe<org.apache.pekko.pattern.StatusReply<org.apache.pekko.Done>> probe = testKit.createTestProbe();
        ActorRef<BlockRewardEntity.Command> entity = testKit.spawn(BlockRewardEntity.create(node));
        entity.tell(new BlockRewardEntity.RecordBlockFound(block, probe.getRef()));
        probe.expectMessageClass(org.apache.pekko.pattern.StatusReply.class);
        testKit.stop(entity);

        testKit.spawn(BlockRewardDistributor.create(node, settings(new Solo()), (b, w) -> {
            throw new AssertionError("SOLO reads no window");
        }));
        BlockRewardEntity.BlockRewardDistributed e = awaitDivision(node);
        assertThat(e.credits()).containsExactly(new BlockReward.Credit("dave", 5_000, SPLIT.apply(5_000)));
        assertThat(e.undistributedMsat()).isZero();
    }
}
