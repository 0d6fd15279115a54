package club.micromining.persistence;

import static club.micromining.persistence.ReadSideSystems.eventually;
import static club.micromining.persistence.ReadSideSystems.start;
import static club.micromining.persistence.ReadSideSystems.stop;
import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.persistence.db.JournalCleanup;
import club.micromining.persistence.projection.ReadSideProjections;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.DeviceView;
import club.micromining.pool.view.PoolView;
import club.micromining.persistence.readmodel.ReadModels;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.device.DeviceState;
import club.micromining.pool.device.ShareRecord;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import club.micromining.pool.stats.PoolStatsEntity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The journal and the projections on a real database: events written by the entities reach the read
 * models exactly once, members are credited, and everything is still there, uncounted twice, after the
 * actor system is replaced by a new one on the same database.
 */
class ReadSideFlowTest {
    private static final Duration TIMEOUT = ReadSideSystems.TIMEOUT;
    private static final Split SPLIT = new Split(9_000, 400, 300, 100, 200);

    private static ShareRecord share(int n, long atMillis) {
        long accrual = 100_000 + n;
        return new ShareRecord("job" + n, "0000000000000001", String.format("%08x", n), 0x66221bdf, n, 0x20000000,
                1000, 1000 + n, 100, false, accrual, SPLIT.apply(accrual), atMillis);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void eventsReachTheReadModelsExactlyOnceAcrossARestart(String name, DatabaseSettings settings) throws Exception {
        long twoMinutesAgo = System.currentTimeMillis() - 120_000;
        long expectedAlice = 0;
        try (Database db = Database.open(settings)) {
            ActorSystem<Void> system = start(db, "flow", false);
            ClusterSharding sharding = ClusterSharding.get(system);
            String[] devices = {"alice.bitaxe1", "alice.bitaxe2", "bob.nerdaxe"};
            ActorRef<PoolStatsEntity.Command> stats = system.systemActorOf(PoolStatsEntity.create(0), "pool-stats", Props.empty());
            stats.tell(new PoolStatsEntity.RecordNodeStarted(System.currentTimeMillis(), system.ignoreRef()));
            List<PoolStatsEntity.PresenceChange> connected = new java.util.ArrayList<>();
            for (String device : devices) {
                connected.add(new PoolStatsEntity.PresenceChange(device, 1, System.currentTimeMillis(), "bitaxe/BM1370"));
            }
            stats.tell(new PoolStatsEntity.RecordPresence(connected, System.currentTimeMillis(), system.ignoreRef()));
            for (String device : devices) {
                for (int i = 1; i <= 12; i++) {
                    ShareRecord s = share(i, twoMinutesAgo + i);
                    sharding.entityRefFor(DeviceEntity.TYPE_KEY, device)
                            .<DeviceEntity.Recorded>ask(r -> new DeviceEntity.RecordShare(s, r), TIMEOUT)
                            .toCompletableFuture().get(20, TimeUnit.SECONDS);
                    if (device.startsWith("alice")) {
                        expectedAlice += s.parts().member();
                    }
                }
            }
            stats.tell(new PoolStatsEntity.RecordRejections(Map.of("LOW_DIFFICULTY", 3L, "DUPLICATE", 1L), 1, system.ignoreRef()));
            stats.tell(new PoolStatsEntity.RecordRejections(Map.of("LOW_DIFFICULTY", 2L), 2, system.ignoreRef()));
            stats.tell(new PoolStatsEntity.RecordBlock(7, "00".repeat(32), "bob.nerdaxe", true, null, 3, 0, system.ignoreRef()));

            ReadModels read = new ReadModels(db.dataSource());
            long aliceBalance = expectedAlice;
            PoolView pool = eventually(() -> read.pool(System.currentTimeMillis()),
                    p -> p.shares().accepted() == 36 && p.shares().rejected() == 6 && p.blocksFound() == 1);
            assertThat(pool.shares().accepted()).isEqualTo(36);
            assertThat(pool.shares().acceptedDifficulty()).isEqualTo(36_000);
            assertThat(pool.shares().rejectedByReason()).containsEntry("LOW_DIFFICULTY", 5L).containsEntry("DUPLICATE", 1L);
            assertThat(pool.blocksFound()).isEqualTo(1);
            long fund = 0;
            for (int i = 1; i <= 12; i++) {
                fund += 3 * share(i, 0).parts().projectFund();
            }
            assertThat(pool.fundsMsat().byKey()).containsEntry("project-fund", fund).containsKeys("raffle-pot", "reserve", "pool-fee");
            assertThat(pool.devicesOnline()).isEqualTo(3);
            assertThat(pool.hashrate().h10m()).isEqualTo(36_000 * 0x1p32 / 600);

            AccountView alice = eventually(() -> read.account("alice", System.currentTimeMillis()).orElseThrow(),
                    a -> a.balanceMsat() == aliceBalance);
            assertThat(alice.balanceMsat()).isEqualTo(aliceBalance);
            assertThat(alice.devices()).extracting(DeviceView::worker).containsExactly("bitaxe1", "bitaxe2");
            assertThat(alice.devices().get(0).shares()).isEqualTo(12);
            assertThat(alice.devices().get(0).bestDifficulty()).isEqualTo(1012);
            assertThat(alice.devices().get(0).online()).isTrue();
            assertThat(read.account("nobody", System.currentTimeMillis())).isEmpty();
            stop(system);

            ActorSystem<Void> again = start(db, "flow", false);
            ClusterSharding sharding2 = ClusterSharding.get(again);
            DeviceState state = sharding2.entityRefFor(DeviceEntity.TYPE_KEY, "alice.bitaxe1")
                    .<DeviceState>ask(DeviceEntity.GetState::new, TIMEOUT).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(state.shares()).isEqualTo(12);
            assertThat(state.bestDifficulty()).isEqualTo(1012);
            MemberState member = sharding2.entityRefFor(MemberEntity.TYPE_KEY, "alice")
                    .<MemberState>ask(MemberEntity.GetMember::new, TIMEOUT).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(member.balanceMsat()).isEqualTo(aliceBalance);

            // A share already recorded is refused by the entity, even after the restart.
            ShareRecord old = share(3, twoMinutesAgo + 3);
            var refused = sharding2.entityRefFor(DeviceEntity.TYPE_KEY, "alice.bitaxe1")
                    .<DeviceEntity.Recorded>ask(r -> new DeviceEntity.RecordShare(old, r), TIMEOUT).toCompletableFuture();
            assertThat(refused.get(20, TimeUnit.SECONDS)).isEqualTo(DeviceEntity.Recorded.DUPLICATE);

            // Every projection has read everything: the cleanup deletes what lies before the snapshots,
            // and neither recovery nor the read models notice.
            JournalCleanup cleanup = new JournalCleanup(db.dataSource(), ReadSideProjections.ids(ReadSideSystems.scheme(false)));
            int deleted = eventually(cleanup::runOnce, n -> n > 0);
            assertThat(deleted).isGreaterThan(0);
            assertThat(cleanup.runOnce()).isZero();
            Thread.sleep(1500);
            assertThat(read.pool(System.currentTimeMillis()).shares().accepted()).isEqualTo(36);
            assertThat(read.account("alice", System.currentTimeMillis()).orElseThrow().balanceMsat()).isEqualTo(aliceBalance);
            stop(again);

            ActorSystem<Void> third = start(db, "flow", false);
            DeviceState recovered = ClusterSharding.get(third).entityRefFor(DeviceEntity.TYPE_KEY, "bob.nerdaxe")
                    .<DeviceState>ask(DeviceEntity.GetState::new, TIMEOUT).toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(recovered.shares()).isEqualTo(12);
            assertThat(recovered.bestDifficulty()).isEqualTo(1012);
            ShareRecord next = share(13, twoMinutesAgo + 13);
            ClusterSharding.get(third).entityRefFor(DeviceEntity.TYPE_KEY, "bob.nerdaxe")
                    .<DeviceEntity.Recorded>ask(r -> new DeviceEntity.RecordShare(next, r), TIMEOUT)
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertThat(eventually(() -> read.pool(System.currentTimeMillis()).shares().accepted(), n -> n == 37)).isEqualTo(37);
            stop(third);
        }
    }
}
