package club.micromining.web;

import club.micromining.common.config.ConfigReader;
import club.micromining.common.config.SettingsException;
import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Locale;

/**
 * Settings of the web app.
 *
 * @param enabled         whether the node serves it
 * @param port            its HTTP port (0: any free one)
 * @param sessionTimeout  a member is signed out after this long idle
 * @param refreshInterval how often live pages refresh at most
 * @param demoWallet      "auto", "on" or "off"; see {@link #demoWalletOn(boolean)}
 * @param stratumHost     the host miners are told, empty for the page's own
 */
public record WebSettings(boolean enabled, int port, Duration sessionTimeout, Duration refreshInterval, String demoWallet,
                          String stratumHost) {

    public static WebSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        String w = "micromining.web.";
        String demo = r.string(w + "demo-wallet", "POOL_WEB_DEMO_WALLET").trim().toLowerCase(Locale.ROOT);
        if (!demo.equals("auto") && !demo.equals("on") && !demo.equals("off")) {
            throw new SettingsException(w + "demo-wallet", "POOL_WEB_DEMO_WALLET", "must be auto, on or off, was \"" + demo + "\"");
        }
        return new WebSettings(r.bool(w + "enabled", "POOL_WEB_ENABLED"), r.integer(w + "port", "POOL_WEB_PORT", 0, 65_535),
                r.duration(w + "session-timeout", "POOL_WEB_SESSION_TIMEOUT", Duration.ofMinutes(1)),
                r.duration(w + "refresh-interval", "POOL_WEB_REFRESH_INTERVAL", Duration.ofMillis(100)), demo,
                r.string(w + "stratum-host", "POOL_WEB_STRATUM_HOST").trim());
    }

    /** The demo wallet signs with a throwaway key: never on mainnet, where a login should mean a wallet. */
    public boolean demoWalletOn(boolean mainnet) {
        return !mainnet && !demoWallet.equals("off");
    }
}
