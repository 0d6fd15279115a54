package club.micromining.web;

import club.micromining.web.live.LiveFeed;
import club.micromining.web.port.ClubPort;

/**
 * What every page of this node needs: the port on the pool, the live feed all pages share, and where
 * this node is found.
 *
 * @param network     the chain mined ("mainnet", "regtest", ...)
 * @param publicUrl   the node's public base URL, empty when not configured (pages then use their own address)
 * @param stratumPort the Stratum port miners connect to
 * @param demoWallet  whether the demo wallet is offered
 */
public record WebContext(ClubPort port, LiveFeed live, WebSettings settings, String network, String publicUrl, int stratumPort,
                         boolean demoWallet) {
}
