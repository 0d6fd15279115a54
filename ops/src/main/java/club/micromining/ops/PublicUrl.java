package club.micromining.ops;

import club.micromining.common.config.SettingsException;
import club.micromining.lightning.LightningSettings;
import club.micromining.stratum.bitcoin.Network;
import java.net.InetSocketAddress;

/**
 * Where the node is reached from outside, for every absolute link it hands out (LNURL-pay callbacks,
 * LNURL-auth URLs and their QR codes, the explorer's commands): {@code POOL_PUBLIC_URL} only, never a
 * request's {@code Host} header, which any client can forge and a cache in front would serve to everyone.
 * Off regtest it is required and must be https (wallets refuse plain-http callbacks); on regtest it
 * defaults to the API's own loopback address.
 */
final class PublicUrl {
    private static final String PATH = "micromining.lightning.public-url";

    private PublicUrl() {
    }

    /** The settings, once their public URL suits the network; else start-up stops naming {@code POOL_PUBLIC_URL}. */
    static LightningSettings checked(LightningSettings ln, Network network) {
        if (network == Network.REGTEST) {
            return ln;
        }
        if (ln.publicUrl().isEmpty()) {
            throw new SettingsException(PATH, "POOL_PUBLIC_URL", "is required on " + network.name().toLowerCase(java.util.Locale.ROOT)
                    + ": the https:// address wallets reach this node's API at (LNURL callbacks)");
        }
        if (!ln.publicUrl().startsWith("https://")) {
            throw new SettingsException(PATH, "POOL_PUBLIC_URL", "must be an https:// URL on " + network.name().toLowerCase(java.util.Locale.ROOT)
                    + " (wallets refuse plain-http callbacks), was \"" + ln.publicUrl() + "\"");
        }
        return ln;
    }

    /** The configured URL without a trailing slash, or on regtest the API's loopback address. */
    static String of(LightningSettings ln, InetSocketAddress api) {
        return !ln.publicUrl().isEmpty() ? ln.publicUrl().replaceAll("/+$", "") : "http://127.0.0.1:" + api.getPort();
    }
}
