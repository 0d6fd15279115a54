package club.micromining.pool;

import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.lightning.node.LightningNode;
import club.micromining.pool.accounting.BlockRewardDistributor;
import club.micromining.pool.accounting.FoundBlocks;
import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.alerts.AlertWatcher;
import club.micromining.pool.alerts.WebhookSender;
import club.micromining.pool.device.DeviceWarmer;
import club.micromining.pool.donation.DonationEntity;
import club.micromining.pool.donation.DonationService;
import club.micromining.pool.facade.Chain;
import club.micromining.pool.facade.Pool;
import club.micromining.pool.facade.ReadSide;
import club.micromining.pool.login.LoginChallenge;
import club.micromining.pool.login.Logins;
import club.micromining.pool.member.ClaimListener;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.payout.MemberPayees;
import club.micromining.pool.payout.PayoutBackoffs;
import club.micromining.pool.payout.PayoutService;
import club.micromining.pool.facade.Club;
import club.micromining.pool.funding.EuroRate;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.pool.projects.ProjectPayees;
import java.util.List;
import org.apache.pekko.actor.Cancellable;
import club.micromining.pool.shares.DurableShareRecorder;
import club.micromining.pool.stats.PoolStatsEntity;
import club.micromining.pool.stats.PresenceReporter;
import club.micromining.pool.stats.RejectionReporter;
import club.micromining.stratum.session.StratumStats;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;
import club.micromining.pool.cluster.ClusterDuty;
import club.micromining.pool.cluster.OncePerCluster;

/**
 * The root of the pool's actor system: it wires the domain. It initialises sharding for every entity
 * (the node joins its cluster apart from it), starts the read side's projections and the pool's long-lived actors and services
 * (this node's pool stats with its devices' presence, its block-reward distributor, the euro rate, and the
 * rejection reporter once the edge is up; once in the cluster, as singletons: payouts of members and funded
 * projects, donations, alerts, and the read side's duties), and hands out the {@link Pool} facade that everything outside uses.
 */
public final class Guardian {

    public sealed interface Command {
    }

    /** The facade, for the node that assembles the pool. */
    public record GetPool(ActorRef<Pool> replyTo) implements Command {
    }

    private record EdgeStarted(StratumStats stats) implements Command {
    }

    /**
     * What the pool is built from that lives outside its actor system.
     *
     * @param nodeId    this node's id (names its pool-stats and block-reward journals)
     * @param readSide  projections and queries (the persistence module)
     * @param lightning the pool's Lightning node
     * @param lnurl     the client for members' Lightning Addresses
     * @param mainnet   whether the node mines on mainnet (members' webhooks may then not reach private addresses)
     */
    public record Parts(PoolSettings settings, int nodeId, ReadSide readSide, LightningNode lightning, LnurlPay lnurl,
                        boolean mainnet) {
    }

    private Guardian() {
    }

    public static Behavior<Command> create(Parts parts) {
        return Behaviors.setup(ctx -> {
            ActorSystem<?> system = ctx.getSystem();
            PoolSettings settings = parts.settings();
            PaymentScheme scheme = settings.scheme();
            DeviceEntity.initSharding(system, settings.snapshotEvery());
            MemberEntity.initSharding(system, settings.snapshotEvery());
            DonationEntity.initSharding(system);
            PayoutBackoffs.initSharding(system);
            LoginChallenge.initSharding(system);
            ProjectEntity.initSharding(system, settings.voting());
            ClusterSharding sharding = ClusterSharding.get(system);
            Executor blocking = system.dispatchers().lookup(DispatcherSelector.fromConfig("micromining.blocking-dispatcher"));

            Chain chain = new Chain();
            WebhookSender webhooks = new WebhookSender(settings.webhooks(), parts.mainnet(), blocking);
            DurableShareRecorder recorder = new DurableShareRecorder(system, settings.recordTimeout(), settings.split(), scheme);
            parts.readSide().start(system, blocking, scheme, settings.askTimeout(), chain::networkDifficulty, webhooks::deliver,
                    settings.raffle(), chain, settings.voting(), settings.payouts()::feeBudget, recorder);
            ClusterSingleton.get(system).init(SingletonActor.of(
                    AlertWatcher.create(parts.readSide(), blocking, settings.alertCheckInterval(), settings.askTimeout()), "alert-watcher"));
            OncePerCluster.run(system, "read-side-duties", parts.readSide().clusterDuty());
            ActorRef<PoolStatsEntity.Command> stats = ctx.spawn(PoolStatsEntity.create(parts.nodeId()), "pool-stats");
            Optional<ActorRef<BlockRewardDistributor.Command>> rewards = scheme.dividesFoundBlocks()
                    ? Optional.of(ctx.spawn(BlockRewardDistributor.create(parts.nodeId(), new BlockRewardDistributor.Settings(
                            scheme, settings.split(), settings.blockRewardRetry(), settings.askTimeout()),
                            parts.readSide().workWindow()), "block-rewards"))
                    : Optional.empty();
            PayoutService payouts = new PayoutService(system, settings.payouts(), parts.lightning(), parts.lnurl(), List.of(
                    new MemberPayees(system, settings.payouts(), account -> sharding.entityRefFor(MemberEntity.TYPE_KEY, account),
                            () -> CompletableFuture.supplyAsync(() -> parts.readSide().payoutCandidates(settings.payouts().minimumMsat()),
                                    blocking)),
                    new ProjectPayees(system, settings.payouts().paymentTimeout(),
                            () -> CompletableFuture.supplyAsync(() -> parts.readSide().fundingDue(), blocking))),
                    sharding.entityRefFor(PayoutBackoffs.TYPE_KEY, PayoutBackoffs.ENTITY_ID), settings.askTimeout(), blocking);
            EuroRate euros = new EuroRate(settings.goal());
            if (euros.live()) {
                Cancellable pricing = system.scheduler().scheduleWithFixedDelay(java.time.Duration.ZERO, settings.goal().priceRefresh(),
                        () -> blocking.execute(euros::refresh), system.executionContext());
                CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceStop(), "stop-price-source", () -> {
                    pricing.cancel();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
            }
            Club club = new Club(system, parts.readSide(), blocking, parts.lnurl(), settings.voting(), euros, settings.askTimeout());
            DonationService donations = new DonationService(system, parts.lightning(), settings.donations());
            Pool pool = new Pool(system, settings, parts.readSide(), blocking,
                    recorder,
                    new ClaimListener(system, settings.askTimeout(),
                            new DeviceWarmer(system, settings.warmParallelism(), settings.warmRate(), settings.askTimeout()).warming(
                                    PresenceReporter.listener(ctx.spawn(PresenceReporter.create(stats, settings.presenceInterval(),
                                            settings.askTimeout()), "presence-reporter")))),
                    new FoundBlocks(system, stats, rewards, settings.askTimeout()), payouts, donations, parts.lnurl(),
                    new Logins(system, settings.logins()), chain, club, parts.mainnet(),
                    edgeStats -> ctx.getSelf().tell(new EdgeStarted(edgeStats)));
            // Once in the cluster: two nodes running payout cycles could pay a member twice. It stops before
            // sharding hands off, so no payout cycle or donation look-up starts on entities that are stopping.
            OncePerCluster.run(system, "payouts-and-donations", ClusterDuty.of(() -> {
                payouts.start();
                donations.start();
            }, () -> {
                payouts.stop();
                donations.stop();
            }));
            ctx.getLog().info("Accounting: {}, split {}", scheme.describe(), settings.split().describe());

            return Behaviors.receive(Command.class)
                    .onMessage(GetPool.class, m -> {
                        m.replyTo().tell(pool);
                        return Behaviors.same();
                    })
                    .onMessage(EdgeStarted.class, m -> {
                        ctx.spawn(RejectionReporter.create(m.stats(), stats, settings.rejectionsInterval()), "rejection-reporter");
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
