package club.micromining.pool.device;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.pool.accounting.Split;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

class DeviceEntityTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private EventSourcedBehaviorTestKit<DeviceEntity.Command, DeviceEntity.Event, DeviceState> device;

    @BeforeEach
    void fresh() {
        device = EventSourcedBehaviorTestKit.create(testKit.system(), DeviceEntity.create("alice.bitaxe", 3));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static ShareRecord share(int nonce, double difficulty, double hashDifficulty, long atMillis) {
        return new ShareRecord("6a1f", "0000000000000001", "00000001", 0x66221bdf, nonce, 0x20000000, difficulty,
                hashDifficulty, 100, false, 1234, new Split(9_000, 400, 300, 100, 200).apply(1234), atMillis);
    }

    @Test
    void aShareIsPersistedThenAcknowledged() {
        ShareRecord s = share(1, 1000, 1500, 60_000);
        var result = device.<DeviceEntity.Recorded>runCommand(r -> new DeviceEntity.RecordShare(s, r));
        assertThat(result.reply()).isEqualTo(DeviceEntity.Recorded.RECORDED);
        assertThat(result.events()).containsExactly(new DeviceEntity.ShareAccepted(s),
                new DeviceEntity.BestShareImproved(1500, "6a1f", 60_000));
        assertThat(result.state().shares()).isEqualTo(1);
        assertThat(result.state().difficultySum()).isEqualTo(1000);
        assertThat(result.state().accruedMsat()).isEqualTo(1234);
        assertThat(result.state().bestDifficulty()).isEqualTo(1500);
        assertThat(result.state().lastShareAtMillis()).isEqualTo(60_000);
    }

    @Test
    void aLowerHashDoesNotImproveTheBest() {
        device.<DeviceEntity.Recorded>runCommand(r -> new DeviceEntity.RecordShare(share(1, 1000, 5000, 60_000), r));
        var result = device.<DeviceEntity.Recorded>runCommand(r -> new DeviceEntity.RecordShare(share(2, 1000, 1200, 61_000), r));
        assertThat(result.events()).hasSize(1);
        assertThat(result.state().bestDifficulty()).isEqualTo(5000);
    }

    @Test
    void theTypedReplyCrossesTheWireWithJackson() {
        for (DeviceEntity.Recorded r : DeviceEntity.Recorded.values()) {
            assertThat(testKit.serializationTestKit().verifySerialization(r, true)).isEqualTo(r);
        }
    }

    @Test
    void theSameShareIsCreditedOnce() {
        ShareRecord s = share(7, 1000, 1000, 60_000);
        device.<DeviceEntity.Recorded>runCommand(r -> new DeviceEntity.RecordShare(s, r));
        var again = device.<DeviceEntity.Recorded>runCommand(r -> new DeviceEntity.RecordShare(s, r));
        assertThat(again.reply()).isEqualTo(DeviceEntity.Recorded.DUPLICATE);
        assertThat(again.hasNoEvents()).isTrue();
        assertThat(again.state().shares()).isEqualTo(1);
    }

    @Test
    void hashrateComesFromWorkPerMinute() {
        long minute = 1_000 * 60_000L;
        for (int i = 0; i < 60; i++) {
            int n = i;
            device.<DeviceEntity.Recorded>runCommand(r -> new DeviceEntity.RecordShare(share(n, 1000, 1000, minute + n * 10_000L), r));
        }
        DeviceState state = device.getState();
        long now = minute + 10 * 60_000L;
        // 60 shares of difficulty 1000 over 10 minutes: 1000 * 60 * 2^32 / 600 s ≈ 429.5 GH/s
        assertThat(state.hashrate(10, now)).isEqualTo(60 * 1000 * 0x1p32 / 600);
        assertThat(state.hashrate(60, now)).isEqualTo(60 * 1000 * 0x1p32 / 3600);
        assertThat(state.minutes()).hasSize(10);
    }

    @Test
    void theOnlineRuleWantsAConnectionAndRecentWork() {
        assertThat(DeviceState.online(2, 0, 2_000, 3_000)).isTrue();
        assertThat(DeviceState.online(1, 0, 2_000, 5_000)).isTrue();
        assertThat(DeviceState.online(0, 6_000, 2_000, 7_000)).isFalse();
        // A node that crashed never wrote the disconnection: quiet for the whole window means offline.
        assertThat(DeviceState.online(1, 0, 10_000, 10_000 + DeviceState.ONLINE_WITHIN_MILLIS)).isFalse();
        assertThat(DeviceState.online(1, 10_000 + DeviceState.ONLINE_WITHIN_MILLIS - 1, 10_000,
                10_000 + DeviceState.ONLINE_WITHIN_MILLIS)).isTrue();
    }

    @Test
    void stateSurvivesRestartFromSnapshotsAndEvents() {
        for (int i = 0; i < 7; i++) {
            int n = i;
            device.<DeviceEntity.Recorded>runCommand(r -> new DeviceEntity.RecordShare(share(n, 10, 10 + n, 60_000 + n), r));
        }
        DeviceState before = device.getState();
        var restarted = device.restart();
        assertThat(restarted.state()).isEqualTo(before);
        assertThat(restarted.state().shares()).isEqualTo(7);
        assertThat(restarted.state().bestDifficulty()).isEqualTo(16);
        assertThat(restarted.state().recentShares()).hasSize(7);
        List<String> ids = restarted.state().recentShares();
        assertThat(ids.get(0)).isEqualTo(share(0, 10, 10, 60_000).identity());
    }
}
