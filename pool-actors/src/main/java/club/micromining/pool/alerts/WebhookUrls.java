package club.micromining.pool.alerts;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a member's webhook URL may be called: http or https with a host; on mainnet not an address of
 * the pool's own machine or network (loopback, private, link-local, unique-local), so a member cannot
 * make the pool call into places only it can reach. Checked when saved and again before each call.
 */
public final class WebhookUrls {
    private WebhookUrls() {
    }

    /** The problem with {@code url}, empty when it may be called; resolves the host (blocking) on mainnet. */
    public static Optional<String> problem(String url, boolean mainnet) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return Optional.of("the webhook is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("the webhook must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("the webhook URL has no host");
        }
        if (url.length() > 500) {
            return Optional.of("the webhook URL is longer than 500 characters");
        }
        if (!mainnet) {
            return Optional.empty();
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(uri.getHost())) {
                if (internal(a)) {
                    return Optional.of("the webhook's host " + uri.getHost() + " is a loopback or private address (" + a.getHostAddress()
                            + "), which the pool does not call on mainnet");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("the webhook's host " + uri.getHost() + " is not known");
        }
        return Optional.empty();
    }

    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        // IPv6 unique-local fc00::/7, and IPv4 carrier-grade NAT 100.64.0.0/10.
        return b.length == 16 && (b[0] & 0xfe) == 0xfc || b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
}
