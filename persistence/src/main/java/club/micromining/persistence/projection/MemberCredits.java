package club.micromining.persistence.projection;

import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.BlockRewardEntity;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.member.MemberEntity;
import club.micromining.stratum.session.WorkerName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Carries what members earned to their member entities: each batch of events becomes one credit command
 * per account, and the batch is done when every member acknowledged. Delivery is at least once (a batch
 * may come again after a crash); each credit names the events it comes from, so the member applies each
 * once. Two sources: device events (FPPS accruals) and divided blocks (PPLNS and SOLO).
 */
public final class MemberCredits<E> extends Handler<List<EventEnvelope<E>>> {
    /** A command to an account's member entity, waiting for its reply address. */
    private record Credit(String account, Function<ActorRef<StatusReply<Done>>, MemberEntity.Command> command) {
    }

    private final ClusterSharding sharding;
    private final Duration timeout;
    private final Function<List<EventEnvelope<E>>, List<Credit>> byAccount;

    private MemberCredits(ClusterSharding sharding, Duration timeout, Function<List<EventEnvelope<E>>, List<Credit>> byAccount) {
        this.sharding = sharding;
        this.timeout = timeout;
        this.byAccount = byAccount;
    }

    /** Every share event of each device, by its sequence number, credited to the device's account. */
    public static MemberCredits<DeviceEntity.Event> fromDevices(ClusterSharding sharding, Duration timeout) {
        return new MemberCredits<>(sharding, timeout, envelopes -> {
            Map<WorkerName, List<MemberEntity.Accrual>> byDevice = new LinkedHashMap<>();
            for (EventEnvelope<DeviceEntity.Event> env : envelopes) {
                if (env.event() instanceof DeviceEntity.ShareAccepted e) {
                    byDevice.computeIfAbsent(DeviceEntity.deviceOf(env.persistenceId()), k -> new ArrayList<>())
                            .add(new MemberEntity.Accrual(env.sequenceNr(), e.share().parts().member()));
                }
            }
            Map<String, List<MemberEntity.DeviceAccruals>> devices = new LinkedHashMap<>();
            byDevice.forEach((device, accruals) -> devices.computeIfAbsent(device.account(), k -> new ArrayList<>())
                    .add(new MemberEntity.DeviceAccruals(device.worker(), accruals)));
            List<Credit> credits = new ArrayList<>();
            devices.forEach((account, d) -> credits.add(new Credit(account, replyTo -> new MemberEntity.CreditAccruals(d, replyTo))));
            return credits;
        });
    }

    /** The members' parts of divided blocks; each names the division's journal and sequence number. */
    public static MemberCredits<BlockRewardEntity.Event> fromBlockRewards(ClusterSharding sharding, Duration timeout) {
        return new MemberCredits<>(sharding, timeout, envelopes -> {
            Map<List<String>, List<MemberEntity.RewardAccrual>> byAccountAndSource = new LinkedHashMap<>();
            for (EventEnvelope<BlockRewardEntity.Event> env : envelopes) {
                if (env.event() instanceof BlockRewardEntity.BlockRewardDistributed e) {
                    for (BlockReward.Credit credit : e.credits()) {
                        if (credit.parts().member() > 0) {
                            byAccountAndSource.computeIfAbsent(List.of(credit.account(), env.persistenceId()),
                                    k -> new ArrayList<>()).add(new MemberEntity.RewardAccrual(env.sequenceNr(), e.block().hash(),
                                    credit.parts().member()));
                        }
                    }
                }
            }
            // Every node's divisions share the tag: an account may get one command per node's journal.
            List<Credit> credits = new ArrayList<>();
            byAccountAndSource.forEach((key, accruals) -> credits.add(new Credit(key.get(0),
                    replyTo -> new MemberEntity.CreditBlockRewards(key.get(1), accruals, replyTo))));
            return credits;
        });
    }

    @Override
    public CompletionStage<Done> process(List<EventEnvelope<E>> envelopes) {
        List<CompletableFuture<Done>> acks = new ArrayList<>();
        for (Credit credit : byAccount.apply(envelopes)) {
            acks.add(sharding.entityRefFor(MemberEntity.TYPE_KEY, credit.account())
                    .<Done>askWithStatus(replyTo -> credit.command().apply(replyTo), timeout).toCompletableFuture());
        }
        return CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).thenApply(v -> Done.getInstance());
    }
}
