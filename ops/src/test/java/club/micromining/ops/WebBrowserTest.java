package club.micromining.ops;

import static club.micromining.ops.HeadlessChromium.text;
import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.web.session.LoginCookie;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web app in a real browser (Debian's headless Chromium), on a whole node with simulated devices: the
 * dashboard shows them online and its figures move without a reload; the demo wallet signs in and the
 * member pages open; the login outlives the node's session (a restarted node signs the browser in from its login
 * cookie) until the member signs out. Screenshots, desktop and phone, go to {@code target/screenshots}.
 */
class WebBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");

    private static void shot(WebDriver driver, String name) throws Exception {
        Files.createDirectories(SHOTS);
        File f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static long number(String s) {
        String digits = s.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
    }

    @Test
    void theDashboardIsLiveAndTheDemoWalletSignsIn() throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-web"), 0, 0);
        env.put("POOL_WEB_ENABLED", "true");
        env.put("POOL_WEB_PORT", "0");
        env.put("POOL_SIMULATE_HASHRATE", "20000");
        env.put("POOL_PRESENCE_INTERVAL", "200ms");
        env.put("POOL_LEDGER_PERIOD", "1s");
        env.put("POOL_LEDGER_SEAL_DELAY", "0s");
        env.put("POOL_LEDGER_ORIGIN", "micromining-web/ledger");
        env.put("POOL_ROUND_LENGTH", "1h");
        WebDriver driver = HeadlessChromium.open("WebBrowserTest");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        String wallet;
        try {
            try (PoolNode node = PoolNode.start(TestNodes.config(env), 3)) {
                String base = "http://127.0.0.1:" + node.webPort();
                driver.get(base + "/");
                wait.until(d -> text(d, "devices-online").equals("3"));
                long before = number(text(driver, "shares-accepted"));
                // Live: the count moves and the share feed fills while the page is never reloaded.
                Object page = ((JavascriptExecutor) driver).executeScript("return window.performance.timeOrigin");
                wait.until(d -> number(text(d, "shares-accepted")) > before);
                wait.until(d -> d.findElement(By.id("recent-shares")).getText().contains("sim"));
                assertThat(((JavascriptExecutor) driver).executeScript("return window.performance.timeOrigin"))
                        .isEqualTo(page);
                shot(driver, "dashboard-desktop");
                driver.manage().window().setSize(new Dimension(390, 844));
                Thread.sleep(500);
                shot(driver, "dashboard-phone");
                driver.manage().window().setSize(new Dimension(1280, 900));

                driver.get(base + "/login");
                wait.until(d -> !d.findElements(By.id("demo-wallet")).isEmpty());
                driver.findElement(By.id("demo-wallet")).click();
                wait.until(d -> d.getCurrentUrl().endsWith("/me") && !text(d, "member-wallet").isEmpty());
                assertThat(text(driver, "member-wallet")).contains("…");
                wallet = text(driver, "member-wallet");
                wait.until(d -> d.manage().getCookieNamed(LoginCookie.NAME) != null);
                assertThat(driver.manage().getCookieNamed(LoginCookie.NAME).isHttpOnly()).isTrue();
                shot(driver, "member-desktop");
                driver.manage().window().setSize(new Dimension(390, 844));
                Thread.sleep(500);
                shot(driver, "member-phone");
                driver.manage().window().setSize(new Dimension(1280, 900));

                // The ledger explorer: the entries the devices' shares made, and the signed head once a period is sealed.
                driver.get(base + "/ledger");
                wait.until(d -> text(d, "ledger-checkpoint").startsWith("micromining-web/ledger"));
                assertThat(text(driver, "ledger-entries")).contains("contribution");
                assertThat(text(driver, "ledger-verify")).contains("verify-ledger");
                shot(driver, "ledger-desktop");

                // The club's month: the round's live tickets of the simulated devices, and the projects with their window.
                driver.get(base + "/raffle");
                wait.until(d -> d.findElement(By.id("raffle-tickets")).getText().contains("sim1"));
                assertThat(text(driver, "raffle-pot")).contains("sats");
                shot(driver, "raffle-desktop");
                driver.get(base + "/projects");
                wait.until(d -> !text(d, "projects-window").isEmpty());
                wait.until(d -> text(d, "propose-claim-first").contains("Claim an account first"));
                driver.manage().window().setSize(new Dimension(390, 844));
                Thread.sleep(500);
                shot(driver, "projects-phone");
                driver.manage().window().setSize(new Dimension(1280, 900));
            }

            // A node that never saw this browser (here the same node restarted; in a cluster any other node, which
            // derives the same secret from the cluster's ledger key): the login cookie signs the member in.
            try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
                driver.get("http://127.0.0.1:" + node.webPort() + "/me");
                wait.until(d -> text(d, "member-wallet").equals(wallet));
                driver.findElement(By.id("account-button")).click();
                wait.until(d -> d.manage().getCookieNamed(LoginCookie.NAME) == null);
            }
            // Signed out there, signed out everywhere.
            try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
                driver.get("http://127.0.0.1:" + node.webPort() + "/me");
                wait.until(d -> d.getCurrentUrl().endsWith("/login") && !d.findElements(By.id("login-challenge")).isEmpty());
            }
        } finally {
            driver.quit();
        }
    }
}
