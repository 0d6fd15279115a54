package club.micromining.pool.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PoolStatsEntityTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private EventSourcedBehaviorTestKit<PoolStatsEntity.Command, PoolStatsEntity.Event, PoolStatsEntity.State> stats;

    @BeforeEach
    void fresh() {
        stats = EventSourcedBehaviorTestKit.create(testKit.system(), PoolStatsEntity.create(3));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void rejectionsAreTalliedAndAcknowledgedOnceWritten() {
        var first = stats.<StatusReply<Done>>runCommand(r -> new PoolStatsEntity.RecordRejections(
                Map.of("LOW_DIFFICULTY", 3L, "DUPLICATE", 1L), 1_000, r));
        assertThat(first.reply().isSuccess()).isTrue();
        assertThat(first.events()).containsExactly(new PoolStatsEntity.SharesRejected(Map.of("LOW_DIFFICULTY", 3L, "DUPLICATE", 1L),
                1_000));
        stats.<StatusReply<Done>>runCommand(r -> new PoolStatsEntity.RecordRejections(Map.of("LOW_DIFFICULTY", 2L), 2_000, r));
        assertThat(stats.restart().state().rejected()).containsEntry("LOW_DIFFICULTY", 5L).containsEntry("DUPLICATE", 1L);

        var nothing = stats.<StatusReply<Done>>runCommand(r -> new PoolStatsEntity.RecordRejections(Map.of(), 3_000, r));
        assertThat(nothing.reply().isSuccess()).isTrue();
        assertThat(nothing.hasNoEvents()).isTrue();
    }

    @Test
    void everyVerdictOnASubmittedBlockIsWrittenAndOnlyAcceptedOnesCount() {
        var accepted = stats.<StatusReply<Done>>runCommand(r -> new PoolStatsEntity.RecordBlock(7, "00".repeat(32), "bob.nerdaxe",
                true, null, 1, 312_500_000_000L, r));
        assertThat(accepted.reply().isSuccess()).isTrue();
        var refused = stats.<StatusReply<Done>>runCommand(r -> new PoolStatsEntity.RecordBlock(8, "01".repeat(32), "bob.nerdaxe",
                false, "high-hash", 2, 312_500_000_000L, r));
        assertThat(refused.events()).containsExactly(new PoolStatsEntity.BlockSubmitted(8, "01".repeat(32), "bob.nerdaxe", false,
                "high-hash", 2, 312_500_000_000L));
        assertThat(refused.state().blocksAccepted()).isEqualTo(1);
    }
}
