package club.micromining.stratum.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TargetTest {

    private static byte[] le(BigInteger v) {
        byte[] be = v.toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < Math.min(32, be.length); i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    @Test
    void aHashEqualToTheTargetMeetsIt() {
        BigInteger t = new BigInteger("00000000000404cb000000000000000000000000000000000000000000000000", 16);
        Target target = Target.of(t);
        assertThat(target.isMetBy(le(t))).isTrue();
        assertThat(target.isMetBy(le(t.add(BigInteger.ONE)))).isFalse();
        assertThat(target.isMetBy(le(t.subtract(BigInteger.ONE)))).isTrue();
    }

    @Test
    void comparesEveryWordUnsigned() {
        BigInteger t = BigInteger.ONE.shiftLeft(255);
        Target target = Target.of(t);
        assertThat(target.isMetBy(le(t.subtract(BigInteger.ONE)))).isTrue();
        assertThat(target.isMetBy(le(Target.MAX_VALUE))).isFalse();
        assertThat(Target.of(Target.MAX_VALUE).isMetBy(le(Target.MAX_VALUE))).isTrue();
        assertThat(Target.of(BigInteger.ONE.shiftLeft(300)).value()).isEqualTo(Target.MAX_VALUE);
    }
}
