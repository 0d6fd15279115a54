package club.micromining.web;

import club.micromining.web.live.LiveFeed;
import club.micromining.web.port.ClubPort;
import club.micromining.web.port.LedgerPort;
import club.micromining.web.port.MonthPort;

/**
 * What every page of this node needs: the port on the pool, the live feed all pages share, and where
 * this node is found.
 *
 * @param network     the chain mined ("mainnet", "regtest", ...)
 * @param publicUrl   the node's public base URL, empty when not configured (pages then use their own address)
 * @param stratumPort the Stratum port miners connect to
 * @param demoWallet  whether the demo wallet is offered
 * @param ledger      the public ledger, for its explorer
 * @param apiUrl      where this node's JSON API is, for the explorer's verify commands (empty: not known)
 * @param month       rounds, the raffle, projects and votes
 */
public record WebContext(ClubPort port, LiveFeed live, WebSettings settings, String network, String publicUrl, int stratumPort,
                         boolean demoWallet, LedgerPort ledger, String apiUrl, MonthPort month) {
}
