package club.micromining.pool.stats;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.session.Authorization;
import club.micromining.stratum.session.DeviceListener;
import club.micromining.stratum.session.WorkerName;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Devices coming and going are written in batches, after the node's start, and nothing is lost to a failed write. */
class PresenceReporterTest {
    private static final ActorTestKit testKit = ActorTestKit.create(ConfigFactory.load());

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void theNodesStartComesFirstThenEveryDevicesNetChangePerInterval() {
        TestProbe<PoolStatsEntity.Command> stats = testKit.createTestProbe();
        DeviceListener devices = PresenceReporter.listener(testKit.spawn(PresenceReporter.create(stats.ref(),
                Duration.ofMillis(100), Duration.ofSeconds(5))));
        WorkerName a = new WorkerName("alice", "bitaxe");
        WorkerName b = new WorkerName("bob", "nerdaxe");
        devices.connected(new Authorization(a, "", "", 1_000));
        devices.connected(new Authorization(b, "", "", 1_100));
        devices.connected(new Authorization(a, "", "", 1_200));
        devices.disconnected(a, 1_300);

        var started = stats.expectMessageClass(PoolStatsEntity.RecordNodeStarted.class);
        started.replyTo().tell(StatusReply.ack());
        var first = stats.expectMessageClass(PoolStatsEntity.RecordPresence.class, Duration.ofSeconds(3));
        assertThat(first.changes()).containsExactly(new PoolStatsEntity.PresenceChange("alice.bitaxe", 1, 1_200, null),
                new PoolStatsEntity.PresenceChange("bob.nerdaxe", 1, 1_100, null));

        // The write fails: its changes go with the next one, merged with what came since.
        devices.disconnected(b, 2_000);
        first.replyTo().tell(StatusReply.error("journal unavailable"));
        var second = stats.expectMessageClass(PoolStatsEntity.RecordPresence.class, Duration.ofSeconds(3));
        assertThat(second.changes()).containsExactlyInAnyOrder(new PoolStatsEntity.PresenceChange("alice.bitaxe", 1, 1_200, null),
                new PoolStatsEntity.PresenceChange("bob.nerdaxe", 0, 1_100, null));
        second.replyTo().tell(StatusReply.ack());
        stats.expectNoMessage(Duration.ofMillis(400));
    }

    @Test
    void nothingIsWrittenBeforeTheNodesStartIs() {
        TestProbe<PoolStatsEntity.Command> stats = testKit.createTestProbe();
        DeviceListener devices = PresenceReporter.listener(testKit.spawn(PresenceReporter.create(stats.ref(),
                Duration.ofMillis(100), Duration.ofMillis(300))));
        devices.connected(new Authorization(new WorkerName("carol", "lucky"), "bitaxe/BM1370/v2.4.0", "x", 5_000));
        stats.expectMessageClass(PoolStatsEntity.RecordNodeStarted.class);
        // Not acknowledged: asked again, and no presence goes ahead of it.
        var again = stats.expectMessageClass(PoolStatsEntity.RecordNodeStarted.class, Duration.ofSeconds(3));
        again.replyTo().tell(StatusReply.ack());
        var presence = stats.expectMessageClass(PoolStatsEntity.RecordPresence.class, Duration.ofSeconds(3));
        assertThat(presence.changes()).containsExactly(new PoolStatsEntity.PresenceChange("carol.lucky", 1, 5_000, "bitaxe/BM1370/v2.4.0"));
    }
}
