package club.micromining.pool.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class WebhookUrlsTest {

    @Test
    void onlyHttpUrlsWithAHost() {
        assertThat(WebhookUrls.problem("ftp://example.com/x", false)).get().asString().contains("http");
        assertThat(WebhookUrls.problem("https:///nohost", false)).get().asString().contains("host");
        assertThat(WebhookUrls.problem("not a url", false)).isPresent();
        assertThat(WebhookUrls.problem("http://127.0.0.1:9000/hook", false)).isEmpty();
    }

    @Test
    void onMainnetNoLoopbackOrPrivateAddress() {
        assertThat(WebhookUrls.problem("http://127.0.0.1:9000/hook", true)).get().asString().contains("loopback or private");
        assertThat(WebhookUrls.problem("http://localhost/hook", true)).isPresent();
        assertThat(WebhookUrls.problem("http://192.168.1.10/hook", true)).isPresent();
        assertThat(WebhookUrls.problem("http://[::1]/hook", true)).isPresent();
    }

    @Test
    void internalAddresses() throws Exception {
        for (String a : new String[] {"10.1.2.3", "172.16.0.1", "169.254.1.1", "100.64.0.1", "fd00::1", "fe80::1", "0.0.0.0"}) {
            assertThat(WebhookUrls.internal(InetAddress.getByName(a))).as(a).isTrue();
        }
        for (String a : new String[] {"1.1.1.1", "8.8.8.8", "2606:4700::1111", "100.128.0.1"}) {
            assertThat(WebhookUrls.internal(InetAddress.getByName(a))).as(a).isFalse();
        }
    }
}
