package club.micromining.lightning.bolt11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

/** The examples of BOLT 11 itself (lightning/bolts 11-payment-encoding.md). */
class Bolt11InvoiceTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ECKey SPEC_KEY = ECKey.fromPrivate(HEX.parseHex("e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734"));
    private static final byte[] SPEC_HASH = HEX.parseHex("0001020304050607080900010203040506070809000102030405060708090102");
    private static final byte[] SPEC_SECRET = HEX.parseHex("1111111111111111111111111111111111111111111111111111111111111111");
    private static final BigInteger SPEC_FEATURES = BigInteger.ONE.shiftLeft(8).or(BigInteger.ONE.shiftLeft(14));
    private static final String COFFEE = "lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh";
    private static final String DONATION = "lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap9us6v52vjjsrvywa6rt52cm9r9zqt8r2t7mlcwspyetp5h2tztugp9lfyql";

    @Test
    void decodesTheSpecsCoffeeInvoice() throws Exception {
        Bolt11Invoice i = Bolt11Invoice.decode(COFFEE);
        assertThat(i.currency()).isEqualTo("bc");
        assertThat(i.amountMsat()).isEqualTo(250_000_000L);
        assertThat(i.timestamp()).isEqualTo(1496314658L);
        assertThat(i.paymentHash()).isEqualTo(SPEC_HASH);
        assertThat(i.paymentSecret()).isEqualTo(SPEC_SECRET);
        assertThat(i.description()).isEqualTo("1 cup coffee");
        assertThat(i.expirySeconds()).isEqualTo(60);
        assertThat(i.features()).isEqualTo(SPEC_FEATURES);
        assertThat(HEX.formatHex(i.payee())).isEqualTo("03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad");
        assertThat(i.expiredAt(1496314658L + 60)).isFalse();
        assertThat(i.expiredAt(1496314658L + 61)).isTrue();
    }

    @Test
    void decodesAnInvoiceForAnyAmount() throws Exception {
        Bolt11Invoice i = Bolt11Invoice.decode(DONATION);
        assertThat(i.amountMsat()).isNull();
        assertThat(i.description()).isEqualTo("Please consider supporting this project");
        assertThat(i.expirySeconds()).isEqualTo(3600);
    }

    @Test
    void encodesTheSpecsInvoicesByteForByte() {
        assertThat(Bolt11Invoice.encode("bc", 250_000_000L, 1496314658L, SPEC_HASH, SPEC_SECRET, "1 cup coffee", null, 60,
                SPEC_FEATURES, SPEC_KEY)).isEqualTo(COFFEE);
        assertThat(Bolt11Invoice.encode("bc", null, 1496314658L, SPEC_HASH, SPEC_SECRET,
                "Please consider supporting this project", null, 3600, SPEC_FEATURES, SPEC_KEY)).isEqualTo(DONATION);
    }

    @Test
    void roundTripsOtherAmountsAndNetworks() throws Exception {
        ECKey key = new ECKey();
        for (long msat : new long[] {1, 10, 999, 1_000, 123_456_789, 100_000_000_000L}) {
            String s = Bolt11Invoice.encode("bcrt", msat, 1_700_000_000L, SPEC_HASH, SPEC_SECRET, null,
                    new byte[32], 600, SPEC_FEATURES, key);
            Bolt11Invoice i = Bolt11Invoice.decode(s.toUpperCase());
            assertThat(i.amountMsat()).isEqualTo(msat);
            assertThat(i.currency()).isEqualTo("bcrt");
            assertThat(i.payee()).isEqualTo(key.getPubKey());
            assertThat(i.descriptionHash()).isEqualTo(new byte[32]);
        }
    }

    @Test
    void refusesBrokenRequests() {
        assertThatThrownBy(() -> Bolt11Invoice.decode(COFFEE.substring(0, COFFEE.length() - 1) + "q"))
                .isInstanceOf(Bolt11Invoice.InvalidInvoice.class).hasMessageContaining("checksum");
        assertThatThrownBy(() -> Bolt11Invoice.decode("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"))
                .isInstanceOf(Bolt11Invoice.InvalidInvoice.class);
        assertThatThrownBy(() -> Bolt11Invoice.decode("not an invoice")).isInstanceOf(Bolt11Invoice.InvalidInvoice.class);
    }
}
