package club.micromining.pool.payout;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.lightning.lnurl.LnurlPay;
import java.time.Duration;
import java.util.HexFormat;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

class PayoutDestinationTest {
    private static final LnurlPay LNURL = new LnurlPay(Duration.ofSeconds(2));

    @Test
    void aNodeKeyMustBeAPointOnTheCurve() {
        assertThat(PayoutDestination.problem(HexFormat.of().formatHex(new ECKey().getPubKey()), LNURL)).isEmpty();
        // x = 2^256 - 1 lies beyond the field: no such point, though the text has the right shape.
        assertThat(PayoutDestination.problem("03" + "ff".repeat(32), LNURL)).hasValueSatisfying(p ->
                assertThat(p).contains("not a valid node public key"));
    }

    @Test
    void anythingElseMustBeALightningAddressThatResolves() {
        assertThat(PayoutDestination.problem("nonsense", LNURL)).hasValueSatisfying(p ->
                assertThat(p).contains("Lightning Address (name@domain) or a node public key"));
        assertThat(PayoutDestination.problem("04" + "ab".repeat(32), LNURL)).isPresent();
        // Nothing listens on this port: the address does not work, and the member is told so.
        assertThat(PayoutDestination.problem("alice@127.0.0.1:1", LNURL)).hasValueSatisfying(p ->
                assertThat(p).contains("does not work"));
    }
}
