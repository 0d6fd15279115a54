package club.micromining.pool.accounting.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.FoundBlock;
import club.micromining.pool.accounting.PplnsWindow;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.Work;
import club.micromining.pool.accounting.WorkWindow;
import club.micromining.stratum.share.AcceptedShare;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Each scheme answers for itself; nothing else looks at which one it is. */
class PaymentSchemeTest {
    private static final Split SPLIT = new Split(9_200, 300, 200, 100, 200);
    private static final BigInteger DIFF1 = BigInteger.valueOf(0xffffL).shiftLeft(208);
    private static final FoundBlock BLOCK = new FoundBlock("00ab", 100, "bob.nerdaxe", 8_000, 2, 1L);

    /** A share of difficulty 1 on a network of difficulty 4, the block worth 1 000 sat. */
    private static final AcceptedShare SHARE = new AcceptedShare("alice", "bitaxe", "1a", 800_000, 1, 1.5, "0000000100000002",
            "00000007", 0x66221bdf, 1, 0x20000000, false, 1_700_000_000_000L, DIFF1, DIFF1.divide(BigInteger.valueOf(4)), 1000);

    @Test
    void theConfigurationNamesTheScheme() {
        PplnsWindow window = PplnsWindow.parse("2x");
        assertThat(PaymentScheme.named("fpps", window)).isEqualTo(new Fpps());
        assertThat(PaymentScheme.named(" PPLNS ", window)).isEqualTo(new Pplns(window));
        assertThat(PaymentScheme.named("Solo", window)).isEqualTo(new Solo());
        assertThatThrownBy(() -> PaymentScheme.named("pps", window)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fpps, pplns or solo").hasMessageContaining("pps");
    }

    @Test
    void fppsPaysEachShareWhenAcceptedAndDividesNoBlock() {
        Fpps fpps = new Fpps();
        assertThat(fpps.shareAccrualMsat(SHARE)).isEqualTo(250_000);
        assertThat(fpps.dividesFoundBlocks()).isFalse();
        assertThat(fpps.needsWorkWindow()).isFalse();
        assertThat(fpps.workToKeep(1e12)).isEmpty();
        assertThatThrownBy(() -> fpps.divide(BLOCK, (b, d) -> null, SPLIT)).isInstanceOf(IllegalStateException.class);
        assertThat(fpps.describe()).isEqualTo("FPPS");
    }

    @Test
    void pplnsDividesTheBlockOverTheWindowAtTheBlocksDifficulty() {
        Pplns pplns = new Pplns(PplnsWindow.parse("2x"));
        assertThat(pplns.shareAccrualMsat(SHARE)).isZero();
        assertThat(pplns.dividesFoundBlocks()).isTrue();
        assertThat(pplns.needsWorkWindow()).isTrue();
        // Twice the window is kept, so a block found after a retarget still finds its work.
        assertThat(pplns.workToKeep(1.5e12)).hasValueSatisfying(k -> assertThat(k).isEqualByComparingTo("6e12"));
        AtomicReference<BigDecimal> asked = new AtomicReference<>();
        WorkWindow work = (block, difficulty) -> {
            asked.set(difficulty);
            return CompletableFuture.completedFuture(Optional.of(List.of(new Work("bob", 3), new Work("alice", 1))));
        };
        BlockReward.Division d = pplns.divide(BLOCK, work, SPLIT).toCompletableFuture().join().orElseThrow();
        assertThat(asked.get()).isEqualByComparingTo("4");
        assertThat(d.window()).isEqualTo("2x = 4");
        assertThat(d.distribution().credits()).extracting(BlockReward.Credit::accrualMsat).containsExactly(2_000L, 6_000L);
        assertThat(d.distribution().totalMsat()).isEqualTo(BLOCK.valueMsat());
        assertThat(pplns.describe()).isEqualTo("PPLNS over 2x");
    }

    @Test
    void pplnsWaitsWhileTheBlocksShareIsNotOnTheReadSide() {
        Pplns pplns = new Pplns(PplnsWindow.parse("5e6"));
        WorkWindow notYet = (block, difficulty) -> CompletableFuture.completedFuture(Optional.empty());
        assertThat(pplns.divide(BLOCK, notYet, SPLIT).toCompletableFuture().join()).isEmpty();
    }

    @Test
    void soloGivesTheFinderTheBlock() {
        Solo solo = new Solo();
        assertThat(solo.shareAccrualMsat(SHARE)).isZero();
        assertThat(solo.needsWorkWindow()).isFalse();
        BlockReward.Division d = solo.divide(BLOCK, (b, w) -> {
            throw new AssertionError("SOLO reads no work window");
        }, SPLIT).toCompletableFuture().join().orElseThrow();
        assertThat(d.window()).isEqualTo("finder");
        assertThat(d.distribution().credits()).containsExactly(new BlockReward.Credit("bob", 8_000, SPLIT.apply(8_000)));
    }
}
