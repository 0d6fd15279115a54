package club.micromining.pool.accounting.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.stratum.bitcoin.Difficulty;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FppsTest {
    /** Mainnet block 839 900's target and a 3.125 BTC subsidy plus 0.2 BTC fees. */
    private static final BigInteger NETWORK = Difficulty.targetFromBits(0x17034219);
    private static final long BLOCK_VALUE = 312_500_000L + 20_000_000L;

    @Test
    void aShareIsWorthItsDifficultyOverTheNetworksOfTheBlock() {
        // Network difficulty 86 388 558 925 171; a share of difficulty 1 000 000 earns 1e6/8.64e13 of 3.325 BTC:
        // 3 848.9 msat, rounded down.
        long msat = Fpps.accrualMsat(BLOCK_VALUE, NETWORK, Difficulty.target(1_000_000).value());
        double expected = BLOCK_VALUE * 1000.0 * 1_000_000 / Difficulty.fromBits(0x17034219);
        assertThat((double) msat).isBetween(expected - 1, expected + 1);
        assertThat(msat).isEqualTo(3848);
    }

    @Test
    void roundsDownToTheMillisatoshiAndNeverPaysMoreThanTheBlock() {
        assertThat(Fpps.accrualMsat(BLOCK_VALUE, NETWORK, Difficulty.target(1).value())).isZero();
        assertThat(Fpps.accrualMsat(BLOCK_VALUE, NETWORK, NETWORK)).isEqualTo(BLOCK_VALUE * 1000);
        assertThat(Fpps.accrualMsat(BLOCK_VALUE, NETWORK, NETWORK.shiftRight(4))).isEqualTo(BLOCK_VALUE * 1000);
        assertThat(Fpps.accrualMsat(BLOCK_VALUE, NETWORK, NETWORK.shiftLeft(1))).isEqualTo(BLOCK_VALUE * 500);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> Fpps.accrualMsat(-1, NETWORK, NETWORK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fpps.accrualMsat(1, BigInteger.ZERO, NETWORK)).isInstanceOf(IllegalArgumentException.class);
    }
}
