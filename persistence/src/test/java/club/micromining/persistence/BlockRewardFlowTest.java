package club.micromining.persistence;

import static club.micromining.persistence.ReadSideSystems.eventually;
import static club.micromining.persistence.ReadSideSystems.start;
import static club.micromining.persistence.ReadSideSystems.stop;
import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.persistence.db.JournalCleanup;
import club.micromining.persistence.pplns.JdbcWorkWindow;
import club.micromining.persistence.projection.ReadSideProjections;
import club.micromining.persistence.readmodel.ReadModels;
import club.micromining.pool.accounting.scheme.Pplns;
import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.BlockRewardDistributor;
import club.micromining.pool.accounting.FoundBlock;
import club.micromining.pool.accounting.PplnsWindow;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.Work;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.device.ShareRecord;
import club.micromining.pool.member.MemberEntity;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PPLNS on a real database: shares reach the work window in journal order, a found block is divided over
 * the newest work, members are credited once, the funds get their parts, and a restart divides nothing
 * twice.
 */
class BlockRewardFlowTest {
    private static final Duration TIMEOUT = ReadSideSystems.TIMEOUT;
    private static final Split SPLIT = new Split(9_000, 400, 300, 100, 200);
    private static final long VALUE = 1_000_003;

    private static ActorRef<BlockRewardDistributor.Command> distributor(ActorSystem<Void> system, Database db,
                                                                        ExecutorService blocking) {
        JdbcWorkWindow window = new JdbcWorkWindow(db.dataSource(), blocking, Duration.ofSeconds(10), Duration.ofSeconds(60),
                Clock.systemUTC());
        return system.systemActorOf(BlockRewardDistributor.create(0, new BlockRewardDistributor.Settings(
                new Pplns(PplnsWindow.parse("6500")), SPLIT, Duration.ofMillis(200), TIMEOUT), window), "block-rewards", Props.empty());
    }

    private static void record(ClusterSharding sharding, String device, int n, boolean block) throws Exception {
        ShareRecord s = new ShareRecord("job" + n, "00000000000000" + device.length(), String.format("%08x", n), 0x66221bdf, n,
                0x20000000, 1000, 1000 + n, 100, block, 0, Split.Parts.NONE, System.currentTimeMillis());
        sharding.entityRefFor(DeviceEntity.TYPE_KEY, device).<DeviceEntity.Recorded>ask(r -> new DeviceEntity.RecordShare(s, r), TIMEOUT)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static long balance(ReadModels read, String account) throws Exception {
        return read.account(account, System.currentTimeMillis()).map(a -> a.balanceMsat()).orElse(-1L);
    }

    private static long count(Database db, String sql) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void aFoundBlockIsDividedOverTheNewestWorkAndCreditedOnce(String name, DatabaseSettings settings) throws Exception {
        ExecutorService blocking = Executors.newFixedThreadPool(2);
        try (Database db = Database.open(settings)) {
            ActorSystem<Void> system = start(db, "rewards", true);
            ClusterSharding sharding = ClusterSharding.get(system);
            for (int i = 1; i <= 5; i++) {
                record(sharding, "alice.bitaxe", i, false);
            }
            for (int i = 1; i <= 3; i++) {
                record(sharding, "bob.nerdaxe", i, false);
            }
            record(sharding, "bob.nerdaxe", 4, true);
            // After the block: not in its window.
            record(sharding, "carol.lucky", 1, false);

            ActorRef<BlockRewardDistributor.Command> rewards = distributor(system, db, blocking);
            rewards.tell(new BlockRewardDistributor.BlockAccepted(new FoundBlock("00ab", 100, "bob.nerdaxe", VALUE, 1,
                    System.currentTimeMillis())));

            // Newest first from the block's share: bob 4 × 1000, then 2 500 of alice's 5 000.
            BlockReward.Distribution expected = Pplns.divide(VALUE, List.of(new Work("bob", 1000), new Work("bob", 1000),
                    new Work("bob", 1000), new Work("bob", 1000), new Work("alice", 1000), new Work("alice", 1000),
                    new Work("alice", 1000)), new BigDecimal(6500), SPLIT);
            long bobMember = expected.credits().get(1).parts().member();
            long aliceMember = expected.credits().get(0).parts().member();
            ReadModels read = new ReadModels(db.dataSource());
            assertThat(eventually(() -> balance(read, "bob"), b -> b == bobMember)).isEqualTo(bobMember);
            assertThat(eventually(() -> balance(read, "alice"), b -> b == aliceMember)).isEqualTo(aliceMember);
            assertThat(balance(read, "carol")).isEqualTo(0);
            assertThat(expected.credits().get(1).accrualMsat()).isEqualTo(VALUE * 4000 / 6500);

            long fund = 0;
            long reserve = expected.undistributedMsat();
            for (BlockReward.Credit c : expected.credits()) {
                fund += c.parts().projectFund();
                reserve += c.parts().reserve();
            }
            long expectedFund = fund;
            long expectedReserve = reserve;
            var pool = eventually(() -> read.pool(System.currentTimeMillis()),
                    p -> p.fundsMsat().of(Split.Fund.PROJECT_FUND) == expectedFund);
            assertThat(pool.fundsMsat().byKey()).containsEntry("project-fund", expectedFund).containsEntry("reserve", expectedReserve);
            long members = aliceMember + bobMember;
            long sumOfParts = members + pool.fundsMsat().byKey().values().stream().mapToLong(Long::longValue).sum();
            assertThat(sumOfParts).isEqualTo(VALUE);
            assertThat(count(db, "SELECT COUNT(*) FROM block_reward_credits WHERE hash = '00ab'")).isEqualTo(2);
            stop(system);

            // A new node on the same database: nothing is pending, nothing is divided or credited again.
            ActorSystem<Void> again = start(db, "rewards", true);
            distributor(again, db, blocking);
            ClusterSharding.get(again).entityRefFor(MemberEntity.TYPE_KEY, "bob")
                    .<Done>askWithStatus(r -> new MemberEntity.CreditBlockRewards("BlockRewards|node-0",
                            List.of(new MemberEntity.RewardAccrual(2, "00ab", bobMember)), r), TIMEOUT)
                    .toCompletableFuture().get(20, TimeUnit.SECONDS);
            Thread.sleep(1500);
            assertThat(balance(read, "bob")).isEqualTo(bobMember);
            assertThat(count(db, "SELECT COUNT(*) FROM block_rewards")).isEqualTo(1);

            // Projections have read everything: the cleanup deletes behind the snapshots, the rarely
            // written reward tag holding back nothing.
            JournalCleanup cleanup = new JournalCleanup(db.dataSource(), ReadSideProjections.ids(ReadSideSystems.scheme(true)));
            assertThat(eventually(cleanup::runOnce, n -> n > 0)).isGreaterThan(0);
            stop(again);
        } finally {
            blocking.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void oldWorkIsMergedPerAccountAndHourAndWorkBeyondTheWindowIsDeleted(String name, DatabaseSettings settings)
            throws Exception {
        ExecutorService blocking = Executors.newFixedThreadPool(1);
        try (Database db = Database.open(settings)) {
            long hour = 3_600_000;
            long base = (System.currentTimeMillis() / hour - 48) * hour;
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                for (int i = 1; i <= 40; i++) {
                    // 20 shares in each of two hours two days ago, alternating accounts, then 10 recent ones.
                    long at = base + (i <= 20 ? 0 : hour) + i;
                    s.execute("INSERT INTO pplns_work VALUES (" + i + ", '" + (i % 2 == 0 ? "a.w" : "b.w") + "', '"
                            + (i % 2 == 0 ? "a" : "b") + "', 10, 5, FALSE, " + at + ")");
                }
                for (int i = 41; i <= 50; i++) {
                    s.execute("INSERT INTO pplns_work VALUES (" + i + ", 'c.w', 'c', 10, 6, " + (i == 50) + ", "
                            + System.currentTimeMillis() + ")");
                }
            }
            JdbcWorkWindow window = new JdbcWorkWindow(db.dataSource(), blocking, Duration.ZERO, Duration.ZERO,
                    Clock.systemUTC());
            List<Work> before = window.upToBlock(new FoundBlock("x", 6, "c.w", 1, 1, 0), new BigDecimal(1000))
                    .toCompletableFuture().get().orElseThrow();
            assertThat(before).hasSize(50);

            assertThat(window.compact(System.currentTimeMillis() - 24 * hour, new BigDecimal(1000))).isEqualTo(36);
            List<Work> merged = window.upToBlock(new FoundBlock("x", 6, "c.w", 1, 1, 0), new BigDecimal(1000))
                    .toCompletableFuture().get().orElseThrow();
            assertThat(merged).hasSize(14);
            assertThat(merged.stream().mapToDouble(Work::difficulty).sum()).isEqualTo(500);
            assertThat(merged.subList(10, 14)).extracting(Work::account).containsExactlyInAnyOrder("a", "a", "b", "b");

            // Keep 150 difficulty: the ten recent shares and the newest merged hour rows (100 each) until covered.
            window.compact(System.currentTimeMillis() - 24 * hour, new BigDecimal(150));
            assertThat(count(db, "SELECT COUNT(*) FROM pplns_work")).isEqualTo(11);
        } finally {
            blocking.shutdownNow();
        }
    }
}
