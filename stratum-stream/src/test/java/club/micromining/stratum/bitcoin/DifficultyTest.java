package club.micromining.stratum.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DifficultyTest {

    @Test
    void compactTargetsExpandAsBitcoinDoes() {
        // bitcoinjs-lib fixtures/block.json "targets"
        assertThat(Difficulty.targetFromBits(0x1d00ffff)).isEqualTo(new BigInteger("00000000ffff0000000000000000000000000000000000000000000000000000", 16));
        assertThat(Difficulty.targetFromBits(0x1b0404cb)).isEqualTo(new BigInteger("00000000000404cb000000000000000000000000000000000000000000000000", 16));
        assertThat(Difficulty.targetFromBits(0x1814dd04)).isEqualTo(new BigInteger("000000000000000014dd04000000000000000000000000000000000000000000", 16));
        assertThat(Difficulty.targetFromBits(0x207fffff)).isEqualTo(new BigInteger("7fffff0000000000000000000000000000000000000000000000000000000000", 16));
    }

    @Test
    void theSignBitMakesACompactTargetInvalidAsInBitcoinCore() {
        assertThatThrownBy(() -> Difficulty.targetFromBits(0x1b80ffff)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compactEncodingRoundTrips() {
        for (int bits : new int[] {0x1d00ffff, 0x1b0404cb, 0x1814dd04, 0x172819a1, 0x17034219, 0x207fffff, 0x1a6a93b3}) {
            assertThat(Difficulty.bitsFromTarget(Difficulty.targetFromBits(bits))).isEqualTo(bits);
        }
    }

    @Test
    void networkDifficultiesOfRealBlocks() {
        assertThat(Difficulty.fromBits(0x1d00ffff)).isEqualTo(1.0);
        assertThat(Difficulty.fromBits(0x1b04864c)).isCloseTo(14484.1623612254, within(1e-6));
        assertThat(Difficulty.fromBits(0x172819a1)).isCloseTo(7019199231177.173, within(1.0));
    }

    @Test
    void shareTargetIsDiff1OverDifficulty() {
        assertThat(Difficulty.target(1).value()).isEqualTo(Difficulty.DIFF1_TARGET);
        assertThat(Difficulty.target(2048).value()).isEqualTo(Difficulty.DIFF1_TARGET.divide(BigInteger.valueOf(2048)));
        // Tiny regtest difficulties give targets every hash meets.
        assertThat(Difficulty.target(1e-10).value()).isEqualTo(Target.MAX_VALUE);
        assertThatThrownBy(() -> Difficulty.target(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Difficulty.target(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashDifficultyOfAnEspMinerShare() {
        // ESP-Miner test_mining.c "Test nonce diff checking 2": this header hashes to difficulty 683.51.
        byte[] header = HexFormat.of().parseHex("040000204595850c738349a3fa5274a511b72ec265a4f23d5243050000000000000000005bdc1968499c3393873edf8e07a1c3a50a97fc3a9d1a376bbf77087dd63778ebb52570643aae0517d19e020a");
        byte[] hash = Sha256d.hash(header);
        assertThat(BlockHeader.displayHex(hash)).isEqualTo("00000000005fe144efbc66241c0094b8fdc2702b7729226fdfed70ca8094c0b5");
        assertThat(Difficulty.ofHash(hash)).isCloseTo(683.5109, within(1e-3));
        assertThat(Target.of(Difficulty.target(683).value()).isMetBy(hash)).isTrue();
        assertThat(Target.of(Difficulty.target(684).value()).isMetBy(hash)).isFalse();
    }

    @Test
    void expectedHashesPerShareIsAboutDifficultyTimesTwoToThe32() {
        assertThat(Difficulty.expectedHashes(1)).isCloseTo(4295032833.0, within(1.0));
    }
}
