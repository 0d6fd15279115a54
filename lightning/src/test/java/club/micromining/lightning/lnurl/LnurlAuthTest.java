package club.micromining.lightning.lnurl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

/**
 * LNURL-auth answers checked against signatures made by another implementation: the two vectors were
 * signed with OpenSSL 3.0 ({@code openssl pkeyutl -sign} over the raw 32 bytes of k1, secp256k1), the
 * first with a high S, as some wallets send it.
 */
class LnurlAuthTest {
    private static final String K1 = "e2af6254a8df433264fa23f67eb8188635d15ce883e8fc020989d5f82ae6f11e";
    private static final String KEY = "0361395b7218ed0e96dd8b4593808477edb2b062df44fa401560d737a5c59f7130";
    private static final String HIGH_S_SIG = "30460221008b6ab8e1b8cf9c63c1d716304d1d68c8e8f9ac3461a30e4baa01df23935cacdc022100"
            + "a9ccc38e9c0e572943e28ce5f559abff7da55b729c83c9476160102571d6c2da";
    private static final String K1_B = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String KEY_B = "030a80d7ee2ad6f971838c7c953b073b92c56c65a64f6dd83c74cb0c70be334275";
    private static final String SIG_B = "30450221009ca1b4e342e0dde79dbd4111b7bbc88ed285bfe5baf22a04a063608ee6991fe002206f7f98eb17d592c85"
            + "6a0500ab56bd2103586a702b51a1dea6852c1aa0ba10e26";

    @Test
    void signaturesMadeByOpenSslVerifyHighSIncluded() throws Exception {
        assertThat(LnurlAuth.verify(K1, HIGH_S_SIG, KEY)).isEqualTo(KEY);
        assertThat(LnurlAuth.verify(K1_B, SIG_B, KEY_B.toUpperCase())).isEqualTo(KEY_B);
    }

    @Test
    void aSignatureMadeByBitcoinjVerifies() throws Exception {
        ECKey wallet = new ECKey();
        String k1 = LnurlAuth.newK1();
        String sig = HexFormat.of().formatHex(wallet.sign(Sha256Hash.wrap(k1)).encodeToDER());
        assertThat(LnurlAuth.verify(k1, sig, wallet.getPublicKeyAsHex())).isEqualTo(wallet.getPublicKeyAsHex());
    }

    @Test
    void wrongAnswersAreRefusedWithAReason() {
        assertThatThrownBy(() -> LnurlAuth.verify(K1, HIGH_S_SIG, KEY_B)).hasMessageContaining("does not match");
        assertThatThrownBy(() -> LnurlAuth.verify(K1_B, HIGH_S_SIG, KEY)).hasMessageContaining("does not match");
        assertThatThrownBy(() -> LnurlAuth.verify(K1, "3044abcd", KEY)).hasMessageContaining("DER");
        assertThatThrownBy(() -> LnurlAuth.verify(K1, "not-hex", KEY)).hasMessageContaining("DER");
        assertThatThrownBy(() -> LnurlAuth.verify(K1, null, KEY)).isInstanceOf(LnurlAuth.InvalidLogin.class);
        assertThatThrownBy(() -> LnurlAuth.verify(K1, HIGH_S_SIG, null)).hasMessageContaining("key");
        assertThatThrownBy(() -> LnurlAuth.verify(K1, HIGH_S_SIG, "04" + KEY.substring(2))).hasMessageContaining("compressed");
        assertThatThrownBy(() -> LnurlAuth.verify(K1, HIGH_S_SIG, "03" + "ff".repeat(32))).hasMessageContaining("curve");
        assertThatThrownBy(() -> LnurlAuth.verify("abc", HIGH_S_SIG, KEY)).hasMessageContaining("k1");
    }

    @Test
    void theLnurlIsTheUrlInBech32AsLud01Shows() {
        assertThat(LnurlAuth.encode("https://service.com/api?q=3fc3645b439ce8e7f2553a69e5267081d96dcd340693afabe04be7b0ccd178df"))
                .isEqualTo("LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSC"
                        + "RVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS");
        assertThat(LnurlAuth.loginUrl("https://pool.example/api/lnurl-auth", K1))
                .isEqualTo("https://pool.example/api/lnurl-auth?tag=login&k1=" + K1 + "&action=login");
    }
}
