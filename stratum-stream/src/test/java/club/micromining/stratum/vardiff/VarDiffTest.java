package club.micromining.stratum.vardiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class VarDiffTest {
    private static final long SECOND = 1_000_000_000L;
    private final DifficultyBounds integer = new DifficultyBounds(1, 1_000_000, 1000, false);
    private final DifficultyBounds regtest = new DifficultyBounds(1e-10, 1e9, 0.001, true);

    private static OptionalDouble sharesEvery(VarDiff v, double difficulty, long intervalNanos, int count, long start) {
        OptionalDouble last = OptionalDouble.empty();
        for (int i = 1; i <= count && last.isEmpty(); i++) {
            last = v.onShare(start + i * intervalNanos, difficulty);
        }
        return last;
    }

    @Test
    void aFastDeviceIsRaisedAtMostFourfoldPerStep() {
        VarDiff v = new VarDiff(10 * SECOND, 300 * SECOND, integer, 0);
        OptionalDouble next = sharesEvery(v, 1000, SECOND / 10, 32, 0);
        assertThat(next).hasValue(4000.0);
    }

    @Test
    void aModeratelyFastDeviceIsRaisedInProportion() {
        VarDiff v = new VarDiff(10 * SECOND, 300 * SECOND, integer, 0);
        // one share every 2.5 s against a 10 s target: 4x too many, but 8 shares are needed first.
        OptionalDouble next = sharesEvery(v, 1000, 2500 * 1_000_000L, 8, 0);
        assertThat(next.getAsDouble()).isEqualTo(4000.0);
    }

    @Test
    void onTargetDeviceKeepsItsDifficulty() {
        VarDiff v = new VarDiff(10 * SECOND, 300 * SECOND, integer, 0);
        assertThat(sharesEvery(v, 1000, 10 * SECOND, 60, 0)).isEmpty();
        assertThat(v.onTick(601 * SECOND, 1000)).isEmpty();
    }

    @Test
    void aSilentDeviceIsLoweredAfterSixIntervals() {
        VarDiff v = new VarDiff(10 * SECOND, 300 * SECOND, integer, 0);
        assertThat(v.onTick(59 * SECOND, 1000)).isEmpty();
        assertThat(v.onTick(60 * SECOND, 1000)).hasValue(250.0);
    }

    @Test
    void theWindowStartsAfreshAfterAChange() {
        VarDiff v = new VarDiff(10 * SECOND, 300 * SECOND, integer, 0);
        sharesEvery(v, 1000, SECOND / 10, 32, 0);
        v.reset(4 * SECOND);
        assertThat(v.onShare(5 * SECOND, 4000)).isEmpty();
    }

    @Test
    void boundsAreRespectedAndWholeNumbersUsedOffRegtest() {
        assertThat(integer.clamp(0.3)).isEqualTo(1.0);
        assertThat(integer.clamp(1234.7)).isEqualTo(1234.0);
        assertThat(integer.clamp(5e9)).isEqualTo(1_000_000.0);
        assertThat(regtest.clamp(0.000123456)).isEqualTo(0.000123);
        assertThat(regtest.clamp(1e-12)).isEqualTo(1e-10);
        assertThat(regtest.clamp(12.5)).isEqualTo(12.0);
        assertThatThrownBy(() -> new DifficultyBounds(0.5, 10, 1, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DifficultyBounds(1e-11, 10, 1, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offRegtestBoundsMustBeWholeNumbers() {
        assertThatThrownBy(() -> new DifficultyBounds(1, 1000, 1.5, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DifficultyBounds(1, 1000.5, 10, false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DifficultyBounds(1.5, 1000, 10, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DifficultyBounds(1e-6, 1000.5, 1.5, true).start()).isEqualTo(1.5);
    }

    @Test
    void offRegtestVardiffOnlyEverSendsWholeNumbers() {
        DifficultyBounds mainnet = new DifficultyBounds(1, 1_000_000, 1024, false);
        // A silent device at 1001 would get 250.25, one sending a share every 3.3 s at 7 about 21.2.
        assertThat(new VarDiff(10 * SECOND, 300 * SECOND, mainnet, 0).onTick(60 * SECOND, 1001)).hasValue(250.0);
        int changes = 0;
        for (double current = 1; current < 5000; current = current * 1.37 + 1) {
            double d = Math.floor(current);
            for (long interval : new long[] {SECOND / 7, 1300 * 1_000_000L, 3300 * 1_000_000L, 31 * SECOND}) {
                VarDiff v = new VarDiff(10 * SECOND, 300 * SECOND, mainnet, 0);
                OptionalDouble next = sharesEvery(v, d, interval, 32, 0);
                if (next.isEmpty()) {
                    next = v.onTick(600 * SECOND, d);
                }
                if (next.isPresent()) {
                    changes++;
                    assertThat(next.getAsDouble()).as("from %s with a share every %d ms", d, interval / 1_000_000)
                            .isEqualTo(Math.rint(next.getAsDouble())).isBetween(1.0, 1_000_000.0);
                }
            }
        }
        assertThat(changes).isGreaterThan(40);
    }

    @Test
    void aFractionalDeviceOnRegtestGoesBelowOne() {
        VarDiff v = new VarDiff(10 * SECOND, 300 * SECOND, regtest, 0);
        assertThat(v.onTick(60 * SECOND, 0.001)).hasValue(0.00025);
    }
}
