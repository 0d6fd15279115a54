package club.micromining.pool.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SplitTest {
    private final Split club = new Split(9_000, 400, 300, 100, 200);

    @Test
    void dividesByTheConfiguredPercentages() {
        assertThat(club.apply(1_000_000)).isEqualTo(new Split.Parts(900_000, 40_000, 30_000, 10_000, 20_000));
    }

    @Test
    void roundingRemaindersGoToTheReserveAndNoMillisatoshiIsMadeOrLost() {
        assertThat(club.apply(7)).isEqualTo(new Split.Parts(6, 0, 0, 1, 0));
        Split odd = new Split(3_333, 3_333, 3_333, 0, 1);
        Random random = new Random(42);
        long accrued = 0;
        long parts = 0;
        for (int i = 0; i < 100_000; i++) {
            long a = random.nextInt(1 << 30);
            Split.Parts p = (i % 2 == 0 ? club : odd).apply(a);
            assertThat(p.total()).isEqualTo(a);
            assertThat(p.reserve()).isGreaterThanOrEqualTo(0);
            accrued += a;
            parts += p.total();
        }
        assertThat(parts).isEqualTo(accrued);
        Split.Parts huge = club.apply(Long.MAX_VALUE / 2);
        assertThat(huge.total()).isEqualTo(Long.MAX_VALUE / 2);
    }

    @Test
    void partsMustAddUpToAHundredPercent() {
        assertThatThrownBy(() -> new Split(9_000, 400, 300, 100, 100)).hasMessageContaining("100 %");
        assertThatThrownBy(() -> new Split(10_100, -100, 0, 0, 0)).hasMessageContaining("negative");
    }
}
