package club.micromining.pool.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MemberEntityTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private EventSourcedBehaviorTestKit<MemberEntity.Command, MemberEntity.Event, MemberState> member;

    @BeforeEach
    void fresh() {
        member = EventSourcedBehaviorTestKit.create(testKit.system(), MemberEntity.create("alice", 100));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void creditsAccrualsAndKnowsItsDevices() {
        member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditAccruals("bitaxe1", List.of(new MemberEntity.Accrual(1, 1500)), r));
        member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditAccruals("bitaxe2", List.of(new MemberEntity.Accrual(1, 700)), r));
        var result = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditAccruals("bitaxe1",
                List.of(new MemberEntity.Accrual(2, 100), new MemberEntity.Accrual(3, 200)), r));
        assertThat(result.events()).containsExactly(new MemberEntity.AccrualCredited("bitaxe1", 3, 300));
        assertThat(result.reply().isSuccess()).isTrue();
        assertThat(result.state().balanceMsat()).isEqualTo(2500);
        assertThat(result.state().devices()).containsExactlyInAnyOrder("bitaxe1", "bitaxe2");
        assertThat(result.state().payout().destination()).isNull();
    }

    @Test
    void aCreditDeliveredTwiceIsAppliedOnceEvenInAnotherBatch() {
        member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditAccruals("bitaxe1",
                List.of(new MemberEntity.Accrual(4, 400), new MemberEntity.Accrual(5, 500)), r));
        var again = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditAccruals("bitaxe1",
                List.of(new MemberEntity.Accrual(5, 500)), r));
        assertThat(again.reply().isSuccess()).isTrue();
        assertThat(again.hasNoEvents()).isTrue();
        // Redelivered with a newer event in a differently cut batch: only the new one counts.
        var overlapping = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditAccruals("bitaxe1",
                List.of(new MemberEntity.Accrual(4, 400), new MemberEntity.Accrual(5, 500), new MemberEntity.Accrual(6, 60)), r));
        assertThat(overlapping.events()).containsExactly(new MemberEntity.AccrualCredited("bitaxe1", 6, 60));
        assertThat(member.restart().state().balanceMsat()).isEqualTo(960);
    }

    @Test
    void aNegativeAccrualIsRefused() {
        var result = member.<StatusReply<Done>>runCommand(r -> new MemberEntity.CreditAccruals("bitaxe1",
                List.of(new MemberEntity.Accrual(1, -5)), r));
        assertThat(result.reply().isError()).isTrue();
        assertThat(result.hasNoEvents()).isTrue();
    }
}
