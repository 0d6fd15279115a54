package club.micromining.pool.accounting.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.pool.accounting.BlockReward;
import club.micromining.pool.accounting.PplnsWindow;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.Work;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The pure divisions of a found block: PPLNS and SOLO. */
class DivisionTest {
    private static final Split SPLIT = new Split(9_200, 300, 200, 100, 200);
    /** 3.125 BTC subsidy plus 0.1 BTC fees, in msat. */
    private static final long BLOCK = 322_500_000_000L;

    @Test
    void pplnsDividesInProportionToWorkInTheWindow() {
        List<BlockReward.Credit> credits = Pplns.divide(1_000_000, List.of(
                new Work("alice", 2), new Work("bob", 1), new Work("alice", 1)), BigDecimal.valueOf(4), SPLIT).credits();
        assertThat(credits).extracting(BlockReward.Credit::account).containsExactly("alice", "bob");
        assertThat(credits).extracting(BlockReward.Credit::accrualMsat).containsExactly(750_000L, 250_000L);
        assertThat(credits.get(0).parts()).isEqualTo(SPLIT.apply(750_000));
    }

    @Test
    void onlyTheNewestWorkCountsAndTheOldestShareOnlyWithWhatFits() {
        // Window 10: carol's 8, then 2 of dave's 5; erin is outside.
        BlockReward.Distribution d = Pplns.divide(1_000_000, List.of(
                new Work("carol", 8), new Work("dave", 5), new Work("erin", 100)), BigDecimal.TEN, SPLIT);
        assertThat(d.credits()).extracting(BlockReward.Credit::account).containsExactly("carol", "dave");
        assertThat(d.credits()).extracting(BlockReward.Credit::accrualMsat).containsExactly(800_000L, 200_000L);
        assertThat(d.countedDifficulty()).isEqualByComparingTo("10");
    }

    @Test
    void aYoungPoolDividesOverTheWorkThereIs() {
        BlockReward.Distribution d = Pplns.divide(900, List.of(new Work("a", 1), new Work("b", 2)),
                new BigDecimal("1e12"), SPLIT);
        assertThat(d.credits()).extracting(BlockReward.Credit::accrualMsat).containsExactly(300L, 600L);
        assertThat(d.undistributedMsat()).isZero();
    }

    @Test
    void roundingGoesToTheReserveAndNothingIsCreatedOrLost() {
        BlockReward.Distribution d = Pplns.divide(1_000, List.of(new Work("a", 1), new Work("b", 1), new Work("c", 1)),
                BigDecimal.valueOf(3), SPLIT);
        assertThat(d.credits()).extracting(BlockReward.Credit::accrualMsat).containsExactly(333L, 333L, 333L);
        assertThat(d.undistributedMsat()).isEqualTo(1);
        assertThat(d.totalMsat()).isEqualTo(1_000);
    }

    @Test
    void randomWindowsAlwaysHandOutTheWholeBlock() {
        SplittableRandom random = new SplittableRandom(310);
        for (int round = 0; round < 200; round++) {
            List<Work> work = new ArrayList<>();
            int shares = 1 + random.nextInt(3_000);
            for (int i = 0; i < shares; i++) {
                // Fractional regtest difficulties next to mainnet-sized ones.
                double difficulty = random.nextBoolean() ? random.nextDouble() * 1e-6 : 1 + random.nextInt(1 << 20);
                work.add(new Work("m" + random.nextInt(400), difficulty));
            }
            long value = random.nextLong(1, BLOCK);
            BigDecimal window = new BigDecimal(random.nextInt(1, 1 << 30));
            BlockReward.Distribution d = Pplns.divide(value, work, window, SPLIT);
            assertThat(d.totalMsat()).isEqualTo(value);
            assertThat(d.undistributedMsat()).isBetween(0L, (long) d.credits().size());
            long parts = d.undistributedMsat();
            for (BlockReward.Credit c : d.credits()) {
                assertThat(c.parts().total()).isEqualTo(c.accrualMsat());
                parts += c.parts().total();
            }
            assertThat(parts).isEqualTo(value);
            assertThat(d.countedDifficulty()).isLessThanOrEqualTo(window);
        }
    }

    @Test
    void soloGivesTheFinderTheWholeBlockSplitLikeAnyAccrual() {
        BlockReward.Distribution d = Solo.divide(BLOCK, "alice", SPLIT);
        assertThat(d.credits()).containsExactly(new BlockReward.Credit("alice", BLOCK, SPLIT.apply(BLOCK)));
        assertThat(d.totalMsat()).isEqualTo(BLOCK);
        assertThat(SPLIT.apply(BLOCK).member()).isEqualTo(BLOCK / 100 * 92);
    }

    @Test
    void aWindowCanBeAMultipleOfTheNetworkDifficulty() {
        assertThat(PplnsWindow.parse("2x").difficulty(1.5e12)).isEqualByComparingTo("3e12");
        assertThat(PplnsWindow.parse(" 5E6 ").difficulty(1.5e12)).isEqualByComparingTo("5000000");
        assertThat(PplnsWindow.parse("0.5x").toString()).isEqualTo("0.5x");
    }

    @Test
    void withoutWorkTheValueGoesToTheReserve() {
        BlockReward.Distribution d = Pplns.divide(5_000, List.of(), BigDecimal.ONE, SPLIT);
        assertThat(d.credits()).isEmpty();
        assertThat(d.undistributedMsat()).isEqualTo(5_000);
    }
}
