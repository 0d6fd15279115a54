package club.micromining.web.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

class LoginCookieTest {
    private static final long NOW = 1_780_000_000_000L;
    private static final byte[] SECRET = secret(7);

    private static byte[] secret(int fill) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) fill);
        return s;
    }

    private final String key = new ECKey().getPublicKeyAsHex();
    private final LoginCookie cookies = new LoginCookie(SECRET, Duration.ofMinutes(30));

    @Test
    void anotherNodeWithTheSameSecretAcceptsTheLoginUntilItExpires() {
        String value = cookies.issue(key, NOW);
        LoginCookie otherNode = new LoginCookie(secret(7), Duration.ofMinutes(30));
        assertThat(otherNode.verify(value, NOW + Duration.ofMinutes(29).toMillis())).contains(key);
        assertThat(otherNode.verify(value, NOW + Duration.ofMinutes(30).toMillis())).isEmpty();
    }

    @Test
    void aLoginSignedWithAnotherSecretIsIgnored() {
        String value = cookies.issue(key, NOW);
        assertThat(new LoginCookie(secret(8), Duration.ofMinutes(30)).verify(value, NOW)).isEmpty();
    }

    @Test
    void anAlteredKeyOrExpiryIsIgnored() {
        String value = cookies.issue(key, NOW);
        String[] parts = value.split("\\.");
        String otherKey = new ECKey().getPublicKeyAsHex();
        assertThat(cookies.verify(parts[0] + "." + otherKey + "." + parts[2] + "." + parts[3], NOW)).isEmpty();
        long later = Long.parseLong(parts[2]) + 86_400;
        assertThat(cookies.verify(parts[0] + "." + parts[1] + "." + later + "." + parts[3], NOW)).isEmpty();
        assertThat(cookies.verify("2" + value.substring(1), NOW)).isEmpty();
    }

    @Test
    void garbageIsIgnoredNotThrown() {
        for (String bad : new String[] {null, "", "1", "1...", "1." + key + ".x.y", "1." + key + ".99999999999.!!!",
                "1." + key.toUpperCase() + ".1.AA", "x".repeat(500)}) {
            assertThat(cookies.verify(bad, NOW)).as(String.valueOf(bad)).isEmpty();
        }
    }

    @Test
    void onlyALinkingKeyIsSigned() {
        assertThatThrownBy(() -> cookies.issue("not a key", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoginCookie(new byte[16], Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
