package club.micromining.ops;

import static club.micromining.ops.HeadlessChromium.text;
import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.lightning.bolt11.Bech32;
import club.micromining.persistence.TestDatabases;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.web.session.LoginCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web app on a cluster of two node processes on one PostgreSQL, in a real browser: the login page of one
 * node shows a challenge, the wallet's callback (LUD-04) reaches the other node, and the page signs in; the
 * login cookie the first node issued signs the browser in on the second, which never saw it; signed out there,
 * the browser is signed out on the first too (one host name, one cookie jar, as behind a load balancer).
 */
class ClusterWebTest {
    /** LUD-01's bech32 LNURL back to its URL. */
    private static String lnurlDecode(String lnurl) {
        Bech32.Decoded d = Bech32.decode(lnurl);
        assertThat(d.hrp()).isEqualTo("lnurl");
        return new String(Bech32.convertBits(d.words(), 5, 8, false), StandardCharsets.UTF_8);
    }

    private static String parameter(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError(name + " not in " + url);
    }

    private static void await(String what, long seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    @Test
    void aWalletsCallbackAndTheLoginCookieWorkOnEitherNode() throws Exception {
        WebDriver driver = HeadlessChromium.open("ClusterWebTest");
        List<NodeProcess> nodes = new ArrayList<>();
        int[] web = {TestNodes.freePort(), TestNodes.freePort()};
        try {
            DatabaseSettings pg = TestDatabases.postgres();
            int[] clusterPorts = {TestNodes.freePort(), TestNodes.freePort()};
            for (int i = 0; i < 2; i++) {
                int stratum = TestNodes.freePort();
                Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-cluster-web-" + i), stratum,
                        TestNodes.freePort());
                env.put("POOL_DB_URL", pg.url());
                env.put("POOL_DB_USER", pg.user());
                env.put("POOL_CLUSTER_PORT", Integer.toString(clusterPorts[i]));
                env.put("POOL_CLUSTER_SEEDS", "127.0.0.1:" + clusterPorts[0]);
                env.put("POOL_CLUSTER_STABLE_AFTER", "5s");
                env.put("POOL_WEB_ENABLED", "true");
                env.put("POOL_WEB_PORT", Integer.toString(web[i]));
                nodes.add(new NodeProcess(env, stratum, Integer.parseInt(env.get("POOL_API_PORT"))));
            }
            NodeProcess first = nodes.get(0);
            NodeProcess second = nodes.get(1);
            first.start();
            await("the first node forms the cluster", 90, () -> first.metric("micromining_cluster_members") == 1);
            // The login cookie is signed with a secret derived from the cluster's ledger key: the README's step of
            // copying the key to every node.
            Files.copy(Path.of(first.env.get("POOL_DATA_DIR"), "ledger-ed25519.key"),
                    Path.of(second.env.get("POOL_DATA_DIR"), "ledger-ed25519.key"));
            second.start();
            for (NodeProcess n : nodes) {
                await("two members, seen by each node", 120, () -> n.metric("micromining_cluster_members") == 2);
            }

            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get("http://127.0.0.1:" + web[0] + "/login");
            wait.until(d -> !d.findElements(By.id("login-link")).isEmpty());
            String href = driver.findElement(By.id("login-link")).getAttribute("href");
            assertThat(href).startsWith("lightning:LNURL1");
            String k1 = parameter(lnurlDecode(href.substring("lightning:".length())), "k1");

            // The wallet signs k1 and calls back; the load balancer sends the callback to the other node.
            ECKey wallet = new ECKey();
            String sig = HexFormat.of().formatHex(wallet.sign(Sha256Hash.wrap(k1)).encodeToDER());
            HttpResponse<String> callback = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + web[1] + "/api/lnurl-auth?tag=login&k1=" + k1 + "&sig=" + sig + "&key="
                                    + wallet.getPublicKeyAsHex())).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(callback.body()).as("the other node's answer to the wallet").isEqualTo("{\"status\":\"OK\"}");

            // The page on the first node finds its challenge answered and signs in as the wallet's key.
            wait.until(d -> d.getCurrentUrl().endsWith("/me") && !text(d, "member-wallet").isEmpty());
            String shown = text(driver, "member-wallet");
            assertThat(shown).contains(wallet.getPublicKeyAsHex().substring(0, 6));
            wait.until(d -> d.manage().getCookieNamed(LoginCookie.NAME) != null);

            // The second node never saw this browser's session: the first node's login cookie signs it in.
            driver.get("http://127.0.0.1:" + web[1] + "/me");
            wait.until(d -> text(d, "member-wallet").equals(shown));

            driver.findElement(By.id("account-button")).click();
            wait.until(d -> d.manage().getCookieNamed(LoginCookie.NAME) == null);
            driver.get("http://127.0.0.1:" + web[0] + "/me");
            wait.until(d -> d.getCurrentUrl().endsWith("/login") && !d.findElements(By.id("login-challenge")).isEmpty());

            for (NodeProcess n : nodes) {
                assertThat(n.stop()).isIn(0, 143);
                assertThat(n.errors()).as("no ERROR on either node").isEmpty();
            }
        } finally {
            driver.quit();
            for (NodeProcess n : nodes) {
                n.stop();
            }
        }
    }
}
