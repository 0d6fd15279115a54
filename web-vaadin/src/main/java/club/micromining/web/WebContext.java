package club.micromining.web;

import club.micromining.web.live.LiveFeed;
import club.micromining.web.port.ClubPort;
import club.micromining.web.port.LedgerPort;
import club.micromining.web.port.MonthPort;
import club.micromining.web.session.LoginCookie;

/**
 * What every page of this node needs: the port on the pool, the live feed all pages share, and where
 * this node is found.
 *
 * @param network     the chain mined ("mainnet", "regtest", ...)
 * @param publicUrl   the node's public base URL (POOL_PUBLIC_URL; on regtest by default the API's loopback address):
 *                    every absolute link and callback is built from it, never from a request's Host header
 * @param stratumPort the Stratum port miners connect to
 * @param demoWallet  whether the demo wallet is offered
 * @param ledger      the public ledger, for its explorer
 * @param apiUrl      where this node's JSON API is, for the explorer's verify commands
 * @param month       rounds, the raffle, projects and votes
 * @param loginCookie signs logins every node of the cluster accepts
 */
public record WebContext(ClubPort port, LiveFeed live, WebSettings settings, String network, String publicUrl, int stratumPort,
                         boolean demoWallet, LedgerPort ledger, String apiUrl, MonthPort month, LoginCookie loginCookie) {
}
