package club.micromining.pool.accounting;

import club.micromining.pool.accounting.scheme.Pplns;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.math.BigDecimal;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockRewardEntityTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private static final Split SPLIT = new Split(9_200, 300, 200, 100, 200);
    private static final FoundBlock BLOCK = new FoundBlock("00ab", 812, "alice.bitaxe", 1_000_000, 2.5, 1_700_000_000_000L);

    private EventSourcedBehaviorTestKit<BlockRewardEntity.Command, BlockRewardEntity.Event, BlockRewardEntity.State> rewards;

    @BeforeEach
    void fresh() {
        rewards = EventSourcedBehaviorTestKit.create(testKit.system(), BlockRewardEntity.create(0));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private EventSourcedBehaviorTestKit.CommandResultWithReply<BlockRewardEntity.Command, BlockRewardEntity.Event,
            BlockRewardEntity.State, StatusReply<Done>> distribute(BlockReward.Distribution d) {
        return rewards.<StatusReply<Done>>runCommand(r -> new BlockRewardEntity.RecordDistribution(BLOCK.hash(), "PPLNS", "2x = 5",
                d.countedDifficulty().toPlainString(), d.credits(), d.undistributedMsat(), r));
    }

    @Test
    void aFoundBlockIsPendingUntilItsDivisionIsWrittenOnce() {
        rewards.<StatusReply<Done>>runCommand(r -> new BlockRewardEntity.RecordBlockFound(BLOCK, r));
        assertThat(rewards.<BlockRewardEntity.Pending>runCommand(BlockRewardEntity.GetPending::new).reply().blocks()).containsExactly(BLOCK);

        BlockReward.Distribution d = Pplns.divide(BLOCK.valueMsat(), List.of(new Work("alice", 2), new Work("bob", 1)),
                BigDecimal.valueOf(5), SPLIT);
        var written = distribute(d);
        assertThat(written.reply().isSuccess()).isTrue();
        BlockRewardEntity.BlockRewardDistributed e = (BlockRewardEntity.BlockRewardDistributed) written.events().get(0);
        assertThat(e.credits()).isEqualTo(d.credits());
        assertThat(e.block()).isEqualTo(BLOCK);
        assertThat(written.state().pending()).isEmpty();

        // Again, and the block reported again: nothing more is written.
        assertThat(distribute(d).events()).isEmpty();
        assertThat(rewards.<StatusReply<Done>>runCommand(r -> new BlockRewardEntity.RecordBlockFound(BLOCK, r)).events()).isEmpty();

        rewards.restart();
        assertThat(rewards.<BlockRewardEntity.Pending>runCommand(BlockRewardEntity.GetPending::new).reply().blocks()).isEmpty();
    }

    @Test
    void aPendingBlockSurvivesARestart() {
        rewards.<StatusReply<Done>>runCommand(r -> new BlockRewardEntity.RecordBlockFound(BLOCK, r));
        rewards.restart();
        assertThat(rewards.<BlockRewardEntity.Pending>runCommand(BlockRewardEntity.GetPending::new).reply().blocks()).containsExactly(BLOCK);
    }

    @Test
    void aDivisionThatDoesNotHandOutTheBlockExactlyIsRefused() {
        rewards.<StatusReply<Done>>runCommand(r -> new BlockRewardEntity.RecordBlockFound(BLOCK, r));
        var shortBy = rewards.<StatusReply<Done>>runCommand(r -> new BlockRewardEntity.RecordDistribution(BLOCK.hash(),
                "SOLO", "finder", "0", List.of(new BlockReward.Credit("alice", 999_999, SPLIT.apply(999_999))), 0, r));
        assertThat(shortBy.reply().isError()).isTrue();
        assertThat(shortBy.events()).isEmpty();
        var badSplit = rewards.<StatusReply<Done>>runCommand(r -> new BlockRewardEntity.RecordDistribution(BLOCK.hash(),
                "SOLO", "finder", "0", List.of(new BlockReward.Credit("alice", 1_000_000, SPLIT.apply(1))), 0, r));
        assertThat(badSplit.reply().isError()).isTrue();
        var unknown = rewards.<StatusReply<Done>>runCommand(r -> new BlockRewardEntity.RecordDistribution("ffff",
                "SOLO", "finder", "0", List.of(), 0, r));
        assertThat(unknown.reply().isError()).isTrue();
    }
}
