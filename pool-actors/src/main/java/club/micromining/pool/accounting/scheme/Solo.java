package club.micromining.pool.accounting.scheme;

import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.FoundBlock;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.WorkWindow;
import club.micromining.stratum.share.AcceptedShare;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Solo mining through the club: shares earn nothing when accepted; a found block goes to the finder's account. */
public record Solo() implements PaymentScheme {
    /** What the division records as its window: there is none, the finder takes it all. */
    static final String WINDOW = "finder";

    @Override
    public String name() {
        return "SOLO";
    }

    @Override
    public long shareAccrualMsat(AcceptedShare share) {
        return 0;
    }

    @Override
    public boolean dividesFoundBlocks() {
        return true;
    }

    @Override
    public CompletionStage<Optional<BlockReward.Division>> divide(FoundBlock block, WorkWindow work, Split split) {
        return CompletableFuture.completedFuture(Optional.of(
                new BlockReward.Division(divide(block.valueMsat(), block.finderAccount(), split), WINDOW)));
    }

    /** The finder's account takes the whole value (and the split divides it as any accrual). */
    public static BlockReward.Distribution divide(long valueMsat, String finderAccount, Split split) {
        if (valueMsat < 0) {
            throw new IllegalArgumentException("the value must not be negative");
        }
        if (valueMsat == 0) {
            return new BlockReward.Distribution(List.of(), 0, BigDecimal.ZERO);
        }
        return new BlockReward.Distribution(List.of(new BlockReward.Credit(finderAccount, valueMsat, split.apply(valueMsat))), 0,
                BigDecimal.ZERO);
    }

    @Override
    public boolean needsWorkWindow() {
        return false;
    }

    @Override
    public Optional<BigDecimal> workToKeep(double networkDifficulty) {
        return Optional.empty();
    }
}
