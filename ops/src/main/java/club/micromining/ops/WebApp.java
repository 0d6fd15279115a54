package club.micromining.ops;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.LightningSettings;
import club.micromining.ops.ledger.StoreLedgerPort;
import club.micromining.persistence.ledger.LedgerStore;
import club.micromining.pool.facade.Pool;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.config.StratumSettings;
import club.micromining.web.WebContext;
import club.micromining.web.WebServer;
import club.micromining.web.WebSettings;
import club.micromining.web.live.LiveFeed;
import club.micromining.web.port.ClubMonthPort;
import club.micromining.web.port.ClubPort;
import club.micromining.web.port.PoolPort;
import club.micromining.web.session.LoginCookie;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The web app, composed on the pool's front door: it reads the same views the JSON API does. */
final class WebApp {
    private static final Logger log = LoggerFactory.getLogger(WebApp.class);
    /** What the web login secret is derived for from the ledger key; changing it signs every member out. */
    private static final String LOGIN_SECRET = "micromining web login v1";

    private WebApp() {
    }

    /**
     * @param stratumPort where miners connect, for the connect page
     * @param api         the JSON API's address, for the explorer's verify commands
     */
    static WebServer start(WebSettings web, Pool pool, StratumSettings stratum, LightningSettings ln, NodeSettings node, int stratumPort,
                           InetSocketAddress api, LedgerStore ledger, Executor blocking) {
        ClubPort port = new PoolPort(pool);
        LiveFeed live = new LiveFeed(port, web.refreshInterval());
        String publicUrl = PublicUrl.of(ln, api);
        WebContext context = new WebContext(port, live, web, stratum.network().toString(), publicUrl, stratumPort,
                web.demoWalletOn(stratum.network() == Network.MAINNET), new StoreLedgerPort(ledger, blocking), publicUrl,
                new ClubMonthPort(pool.club()), new LoginCookie(ledger.key().secretFor(LOGIN_SECRET), web.sessionTimeout()));
        try {
            WebServer server = WebServer.start(context, node.bindHost(), web.port());
            log.info("Web app on http://{}:{}/", node.bindHost(), server.port());
            return server;
        } catch (Exception e) {
            live.close();
            throw new IllegalStateException("the web app could not start on " + node.bindHost() + ":" + web.port()
                    + " (POOL_BIND_HOST, POOL_WEB_PORT): " + Failures.rootMessage(e), e);
        }
    }
}
