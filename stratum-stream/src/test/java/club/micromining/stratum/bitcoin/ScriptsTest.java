package club.micromining.stratum.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ScriptsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void heightPushIsWhatBitcoinCoreWrites() {
        // Block 542213's coinbase scriptSig starts 03 054608.
        assertThat(HEX.formatHex(Scripts.heightPush(542213))).isEqualTo("03054608");
        assertThat(HEX.formatHex(Scripts.heightPush(839900))).isEqualTo("03dcd00c");
        assertThat(HEX.formatHex(Scripts.heightPush(0))).isEqualTo("00");
        assertThat(HEX.formatHex(Scripts.heightPush(1))).isEqualTo("51");
        assertThat(HEX.formatHex(Scripts.heightPush(16))).isEqualTo("60");
        assertThat(HEX.formatHex(Scripts.heightPush(17))).isEqualTo("0111");
        assertThat(HEX.formatHex(Scripts.heightPush(128))).isEqualTo("028000");
        assertThat(HEX.formatHex(Scripts.heightPush(255))).isEqualTo("02ff00");
        assertThat(HEX.formatHex(Scripts.heightPush(256))).isEqualTo("020001");
    }

    @Test
    void heightReadsBack() {
        for (long h : new long[] {0, 1, 16, 17, 127, 128, 255, 256, 65535, 542213, 8_388_607, 8_388_608, 2_000_000_000}) {
            assertThat(Scripts.parseHeight(Scripts.heightPush(h))).isEqualTo(h);
        }
        assertThat(Scripts.parseHeight(new byte[0])).isEqualTo(-1);
        assertThat(Scripts.parseHeight(HEX.parseHex("0301"))).isEqualTo(-1);
    }

    @Test
    void pushesUseTheShortestOpcode() {
        assertThat(Scripts.push(new byte[3])).hasSize(4).startsWith(3);
        assertThat(Scripts.push(new byte[80])).hasSize(82).startsWith(Scripts.OP_PUSHDATA1, 80);
    }
}
