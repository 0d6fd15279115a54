package club.micromining.pool.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
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
        member.<Done>runCommand(r -> new MemberEntity.CreditAccrual("bitaxe1", 1, 1500, r));
        member.<Done>runCommand(r -> new MemberEntity.CreditAccrual("bitaxe2", 1, 700, r));
        var result = member.<Done>runCommand(r -> new MemberEntity.CreditAccrual("bitaxe1", 3, 300, r));
        assertThat(result.reply()).isEqualTo(Done.getInstance());
        assertThat(result.state().balanceMsat()).isEqualTo(2500);
        assertThat(result.state().devices()).containsExactlyInAnyOrder("bitaxe1", "bitaxe2");
        assertThat(result.state().payout().destination()).isNull();
    }

    @Test
    void aCreditDeliveredTwiceIsAppliedOnce() {
        member.<Done>runCommand(r -> new MemberEntity.CreditAccrual("bitaxe1", 5, 1000, r));
        var again = member.<Done>runCommand(r -> new MemberEntity.CreditAccrual("bitaxe1", 5, 1000, r));
        assertThat(again.reply()).isEqualTo(Done.getInstance());
        assertThat(again.hasNoEvents()).isTrue();
        var older = member.<Done>runCommand(r -> new MemberEntity.CreditAccrual("bitaxe1", 4, 1000, r));
        assertThat(older.hasNoEvents()).isTrue();
        assertThat(member.restart().state().balanceMsat()).isEqualTo(1000);
    }
}
