package club.micromining.lightning;

import club.micromining.common.config.ConfigReader;
import club.micromining.common.config.SettingsException;
import club.micromining.lightning.lnd.LndSettings;
import com.typesafe.config.Config;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Lightning port's settings: LND when a host is set, else the embedded simulated node; the LNURL
 * client; and the club's own Lightning Address for donations.
 *
 * @param lnd              LND, or null for the embedded simulated node
 * @param lndConnectTimeout how long start-up waits for LND to answer
 * @param simulated        the embedded simulated node (used when {@code lnd} is null)
 * @param lnurlTimeout     timeout of a call to a member's Lightning Address service
 * @param donationName     the club's address is {@code <donationName>@<host of publicUrl>}
 * @param publicUrl        where the API is reached from outside, for LNURL callbacks; empty: the request's host
 */
public record LightningSettings(LndSettings lnd, Duration lndConnectTimeout, Simulated simulated, Duration lnurlTimeout,
                                String donationName, String publicUrl) {

    /**
     * @param currency     BOLT 11 prefix of its invoices, from the Bitcoin network ({@code bcrt} on regtest)
     * @param outboundMsat what it can send at first
     * @param inboundMsat  what it can receive at first
     * @param settleDelay  how long its payments take
     * @param stateFile    where it keeps its payments and invoices across restarts
     */
    public record Simulated(String currency, long outboundMsat, long inboundMsat, Duration settleDelay, Path stateFile) {
    }

    public static LightningSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        String l = "micromining.lightning.";
        String host = r.string(l + "lnd.host", "POOL_LND_HOST").trim();
        LndSettings lnd = host.isEmpty() ? null : new LndSettings(host,
                r.integer(l + "lnd.port", "POOL_LND_PORT", 1, 65535),
                path(r, l + "lnd.tls-cert", "POOL_LND_TLS_CERT"),
                path(r, l + "lnd.macaroon", "POOL_LND_MACAROON"),
                r.duration(l + "lnd.call-timeout", "POOL_LND_CALL_TIMEOUT", Duration.ofMillis(100)));
        Simulated simulated = new Simulated(currency(r),
                r.positiveLong(l + "simulated.outbound-msat", "POOL_SIM_LN_OUTBOUND_MSAT"),
                r.positiveLong(l + "simulated.inbound-msat", "POOL_SIM_LN_INBOUND_MSAT"),
                r.duration(l + "simulated.settle-delay", "POOL_SIM_LN_SETTLE_DELAY", Duration.ZERO),
                path(r, "micromining.data-dir", "POOL_DATA_DIR").resolve("simulated-lightning-node.state"));
        String publicUrl = r.string(l + "public-url", "POOL_PUBLIC_URL").trim();
        if (!publicUrl.isEmpty() && !publicUrl.startsWith("http://") && !publicUrl.startsWith("https://")) {
            throw new SettingsException(l + "public-url", "POOL_PUBLIC_URL", "must be an http:// or https:// URL, was \"" + publicUrl + "\"");
        }
        String donationName = r.string(l + "donation-name", "POOL_DONATION_NAME").trim();
        if (!donationName.matches("[a-z0-9._-]+")) {
            throw new SettingsException(l + "donation-name", "POOL_DONATION_NAME",
                    "must be a Lightning Address name (lower-case letters, digits, '.', '_', '-'), was \"" + donationName + "\"");
        }
        return new LightningSettings(lnd, r.duration(l + "lnd.connect-timeout", "POOL_LND_CONNECT_TIMEOUT", Duration.ofMillis(100)),
                simulated, r.duration(l + "lnurl-timeout", "POOL_LNURL_TIMEOUT", Duration.ofMillis(100)), donationName,
                publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl);
    }

    /** BOLT 11's prefix for the network the pool mines on (the setting is the mining edge's, read here too). */
    private static String currency(ConfigReader r) {
        String network = r.string("micromining.network", "POOL_NETWORK").trim().toLowerCase(java.util.Locale.ROOT);
        return switch (network) {
            case "mainnet" -> "bc";
            case "testnet4" -> "tb";
            case "signet" -> "tbs";
            case "regtest" -> "bcrt";
            default -> throw new SettingsException("micromining.network", "POOL_NETWORK",
                    "must be mainnet, testnet4, signet or regtest, was \"" + network + "\"");
        };
    }

    private static Path path(ConfigReader r, String key, String env) {
        String raw = r.string(key, env).trim();
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw new SettingsException(key, env, "is not a valid path: " + e.getMessage());
        }
    }
}
