package club.micromining.persistence.projection;

import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.BlockRewardEntity;
import club.micromining.pool.member.MemberEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Carries the members' parts of divided blocks to their member entities, at least once; each names the
 * division's journal and sequence number, so the member applies it once.
 */
public final class RewardCreditHandler extends Handler<List<EventEnvelope<BlockRewardEntity.Event>>> {
    private final ClusterSharding sharding;
    private final Duration timeout;

    public RewardCreditHandler(ClusterSharding sharding, Duration timeout) {
        this.sharding = sharding;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<Done> process(List<EventEnvelope<BlockRewardEntity.Event>> envelopes) {
        Map<List<String>, List<MemberEntity.RewardAccrual>> byAccountAndSource = new LinkedHashMap<>();
        for (EventEnvelope<BlockRewardEntity.Event> env : envelopes) {
            if (env.event() instanceof BlockRewardEntity.BlockRewardDistributed e) {
                for (BlockReward.Credit credit : e.credits()) {
                    if (credit.parts().member() > 0) {
                        byAccountAndSource.computeIfAbsent(List.of(credit.account(), env.persistenceId()), k -> new ArrayList<>())
                                .add(new MemberEntity.RewardAccrual(env.sequenceNr(), e.block().hash(), credit.parts().member()));
                    }
                }
            }
        }
        List<CompletableFuture<Done>> credits = new ArrayList<>();
        byAccountAndSource.forEach((key, accruals) -> credits.add(sharding.entityRefFor(MemberEntity.TYPE_KEY, key.get(0))
                .<Done>askWithStatus(replyTo -> new MemberEntity.CreditBlockRewards(key.get(1), accruals, replyTo), timeout)
                .toCompletableFuture()));
        return CompletableFuture.allOf(credits.toArray(new CompletableFuture[0])).thenApply(v -> Done.getInstance());
    }
}
