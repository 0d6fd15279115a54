package club.micromining.pool.accounting;

import club.micromining.pool.stats.PoolStatsEntity;
import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.job.BlockListener;
import club.micromining.stratum.template.BlockResult;
import club.micromining.stratum.template.BlockTemplate;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.Patterns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a block the pool submitted: the chain's verdict goes into the node's pool stats (tried
 * again until it is written), and an accepted block, under a scheme that divides found blocks, goes to the
 * block-reward distributor worth what its coinbase claimed.
 */
public final class FoundBlocks implements BlockListener {
    private static final Logger log = LoggerFactory.getLogger(FoundBlocks.class);
    private static final int ATTEMPTS = 10;

    private final ActorSystem<?> system;
    private final ActorRef<PoolStatsEntity.Command> stats;
    private final Optional<ActorRef<BlockRewardDistributor.Command>> rewards;
    private final Duration askTimeout;

    /** @param rewards the distributor, where found blocks are divided; empty where shares were paid as they came */
    public FoundBlocks(ActorSystem<?> system, ActorRef<PoolStatsEntity.Command> stats,
                       Optional<ActorRef<BlockRewardDistributor.Command>> rewards, Duration askTimeout) {
        this.system = system;
        this.stats = stats;
        this.rewards = rewards;
        this.askTimeout = askTimeout;
    }

    @Override
    public void blockSubmitted(BlockResult result, String finder, BlockTemplate template) {
        long now = System.currentTimeMillis();
        Patterns.retry(() -> AskPattern.<PoolStatsEntity.Command, org.apache.pekko.Done>askWithStatus(stats,
                        replyTo -> new PoolStatsEntity.RecordBlock(result.height(), result.blockHash(), finder, result.accepted(),
                                result.reason(), now, Math.multiplyExact(template.coinbaseValue(), 1000L), replyTo), askTimeout,
                        system.scheduler()),
                ATTEMPTS, askTimeout, system)
                .whenComplete((done, error) -> {
                    if (error != null) {
                        log.error("The verdict on block {} at height {} could not be recorded: {}", result.blockHash(),
                                result.height(), error.toString());
                    }
                });
        if (result.accepted()) {
            rewards.ifPresent(r -> r.tell(new BlockRewardDistributor.BlockAccepted(new FoundBlock(result.blockHash(),
                    result.height(), finder, Math.multiplyExact(template.coinbaseValue(), 1000L),
                    Difficulty.fromBits(template.bits()), now))));
        }
    }
}
