package club.micromining.persistence.projection;

import club.micromining.persistence.ledger.LedgerHandler;
import club.micromining.persistence.ledger.LedgerKinds;
import club.micromining.persistence.ledger.LedgerStore;
import club.micromining.persistence.readmodel.DeviceReadModelHandler;
import club.micromining.pool.alerts.AlertDelivery;
import club.micromining.persistence.readmodel.DonationReadModelHandler;
import club.micromining.persistence.readmodel.MemberReadModelHandler;
import club.micromining.persistence.pplns.JdbcWorkWindow;
import club.micromining.persistence.pplns.PplnsWorkHandler;
import club.micromining.persistence.readmodel.PoolReadModelHandler;
import club.micromining.persistence.readmodel.RewardReadModelHandler;
import club.micromining.pool.accounting.BlockRewardEntity;
import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.donation.DonationEntity;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.persistence.readmodel.ProjectReadModelHandler;
import club.micromining.pool.stats.PoolStatsEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * Runs the projections from the journal into the read side, one instance per tag, spread over the
 * cluster by sharded daemon processes (all on the one node of a single-node pool):
 * device read model, member credits, member read model, pool read model, donations, block rewards (read
 * model and member credits), projects, the public ledger and, where the payment scheme needs it, the work window.
 */
public final class ReadSideProjections {
    private static final int GROUP = 500;
    private static final Duration GROUP_WITHIN = Duration.ofMillis(200);

    private ReadSideProjections() {
    }

    /** Every (projection name, key) this node runs: what the journal cleanup waits for. */
    public static Set<List<String>> ids(PaymentScheme scheme) {
        boolean pplns = scheme.needsWorkWindow();
        Set<List<String>> ids = new HashSet<>();
        for (String tag : DeviceEntity.allTags()) {
            ids.add(List.of(DeviceEventsHandler.PROJECTION, tag));
            ids.add(List.of("member-credits", tag));
            if (pplns) {
                ids.add(List.of(JdbcWorkWindow.PROJECTION, tag));
            }
        }
        ids.add(List.of("member-read-model", MemberEntity.TAG));
        ids.add(List.of("pool-read-model", PoolStatsEntity.TAG));
        ids.add(List.of("donation-read-model", DonationEntity.TAG));
        ids.add(List.of("reward-read-model", BlockRewardEntity.TAG));
        ids.add(List.of("reward-credits", BlockRewardEntity.TAG));
        ids.add(List.of("alert-webhooks", MemberEntity.TAG));
        ids.add(List.of("ledger-members", MemberEntity.TAG));
        ids.add(List.of("ledger-pool", PoolStatsEntity.TAG));
        ids.add(List.of("ledger-rewards", BlockRewardEntity.TAG));
        ids.add(List.of("ledger-donations", DonationEntity.TAG));
        ids.add(List.of("ledger-projects", ProjectEntity.TAG));
        ids.add(List.of("project-read-model", ProjectEntity.TAG));
        return ids;
    }

    /**
     * @param scheme   says whether the work window ({@code pplns_work}) is kept
     * @param yielding holds the projections back while the share path is behind (all but the work window)
     */
    public static void init(ActorSystem<?> system, DataSource dataSource, Duration askTimeout, PaymentScheme scheme,
                            AlertDelivery alerts, LedgerStore ledger, long ledgerPeriodMillis, YieldToShares yielding) {
        Supplier<PooledJdbcSession> sessions = () -> new PooledJdbcSession(dataSource);
        List<String> deviceTags = DeviceEntity.allTags();
        ClusterSharding sharding = ClusterSharding.get(system);

        readModel(system, yielding, DeviceEventsHandler.PROJECTION, deviceTags, sessions, tag -> new DeviceEventsHandler(tag,
                new DeviceReadModelHandler(tag), LedgerHandler.devices(ledger, tag, ledgerPeriodMillis)));
        readModel(system, yielding, "member-read-model", List.of(MemberEntity.TAG), sessions, tag -> new MemberReadModelHandler());
        readModel(system, yielding, "pool-read-model", List.of(PoolStatsEntity.TAG), sessions, tag -> new PoolReadModelHandler());
        readModel(system, yielding, "reward-read-model", List.of(BlockRewardEntity.TAG), sessions, tag -> new RewardReadModelHandler());
        readModel(system, yielding, "donation-read-model", List.of(DonationEntity.TAG), sessions, tag -> new DonationReadModelHandler());
        if (scheme.needsWorkWindow()) {
            readModel(system, YieldToShares.never(), JdbcWorkWindow.PROJECTION, deviceTags, sessions, tag -> new PplnsWorkHandler());
        }
        readModel(system, yielding, "ledger-members", List.of(MemberEntity.TAG), sessions, tag -> LedgerHandler.members(ledger, ledgerPeriodMillis));
        readModel(system, yielding, "ledger-pool", List.of(PoolStatsEntity.TAG), sessions,
                tag -> LedgerHandler.<PoolStatsEntity.Event>facts(ledger, tag, LedgerKinds::pool));
        readModel(system, yielding, "ledger-rewards", List.of(BlockRewardEntity.TAG), sessions,
                tag -> LedgerHandler.<BlockRewardEntity.Event>facts(ledger, tag, LedgerKinds::reward));
        readModel(system, yielding, "ledger-donations", List.of(DonationEntity.TAG), sessions,
                tag -> LedgerHandler.<DonationEntity.Event>facts(ledger, tag, LedgerKinds::donation));
        readModel(system, yielding, "ledger-projects", List.of(ProjectEntity.TAG), sessions, tag -> LedgerHandler.projects(ledger));
        readModel(system, yielding, "project-read-model", List.of(ProjectEntity.TAG), sessions, tag -> new ProjectReadModelHandler());

        ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, "member-credits", deviceTags.size(),
                i -> ProjectionBehavior.create(JdbcProjection.groupedWithinAsync(
                                ProjectionId.of("member-credits", deviceTags.get(i)),
                                ReadSideProjections.<DeviceEntity.Event>byTag(system, deviceTags.get(i), yielding), sessions,
                                () -> MemberCredits.fromDevices(sharding, askTimeout), system)
                        .withGroup(GROUP, GROUP_WITHIN)),
                ProjectionBehavior.stopMessage());
        ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, "alert-webhooks", 1,
                i -> ProjectionBehavior.create(JdbcProjection.atLeastOnceAsync(ProjectionId.of("alert-webhooks", MemberEntity.TAG),
                        ReadSideProjections.<MemberEntity.Event>byTag(system, MemberEntity.TAG, YieldToShares.never()), sessions,
                        () -> new AlertWebhooks(alerts), system)),
                ProjectionBehavior.stopMessage());
        ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, "reward-credits", 1,
                i -> ProjectionBehavior.create(JdbcProjection.groupedWithinAsync(
                                ProjectionId.of("reward-credits", BlockRewardEntity.TAG),
                                ReadSideProjections.<BlockRewardEntity.Event>byTag(system, BlockRewardEntity.TAG, YieldToShares.never()), sessions,
                                () -> MemberCredits.fromBlockRewards(sharding, askTimeout), system)
                        .withGroup(GROUP, GROUP_WITHIN)),
                ProjectionBehavior.stopMessage());
        stopBeforeTheEntities(system, List.of("member-credits", "reward-credits", "alert-webhooks"));
    }

    /**
     * Sharding stops every region in one phase, so a projection that asks member entities could find
     * their region gone while it still credits a batch, and stop with an error: these stop a phase earlier.
     * Their batch in flight completes, or is done again at the next start (the credits are idempotent).
     */
    private static void stopBeforeTheEntities(ActorSystem<?> system, List<String> projections) {
        org.apache.pekko.cluster.sharding.ClusterSharding classic =
                org.apache.pekko.cluster.sharding.ClusterSharding.get(Adapter.toClassic(system));
        Duration timeout = Duration.ofSeconds(10);
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "stop-crediting-projections",
                () -> {
                    List<CompletableFuture<Boolean>> stopped = new ArrayList<>();
                    for (String name : projections) {
                        // The entity type a sharded daemon process runs its instances as.
                        ActorRef region = classic.shardRegion("sharded-daemon-process-" + name);
                        stopped.add(Patterns.gracefulStop(region, timeout, ShardRegion.gracefulShutdownInstance())
                                .toCompletableFuture().exceptionally(e -> false));
                    }
                    return CompletableFuture.allOf(stopped.toArray(new CompletableFuture<?>[0])).thenApply(v -> Done.getInstance());
                });
    }

    /** An exactly-once projection into read-model tables, one instance per tag. */
    private static <E> void readModel(ActorSystem<?> system, YieldToShares yielding, String name, List<String> tags,
                                      Supplier<PooledJdbcSession> sessions,
                                      Function<String, JdbcHandler<List<EventEnvelope<E>>, PooledJdbcSession>> handler) {
        ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, name, tags.size(),
                i -> ProjectionBehavior.create(JdbcProjection.groupedWithin(ProjectionId.of(name, tags.get(i)),
                                ReadSideProjections.<E>byTag(system, tags.get(i), yielding), sessions, () -> handler.apply(tags.get(i)), system)
                        .withGroup(GROUP, GROUP_WITHIN)),
                ProjectionBehavior.stopMessage());
    }

    private static <E> SourceProvider<Offset, EventEnvelope<E>> byTag(ActorSystem<?> system, String tag, YieldToShares yielding) {
        SourceProvider<Offset, EventEnvelope<E>> events = EventSourcedProvider.eventsByTag(system, JdbcReadJournal.Identifier(), tag);
        return yielding.yields() ? new YieldingSourceProvider<>(events, yielding) : events;
    }
}
