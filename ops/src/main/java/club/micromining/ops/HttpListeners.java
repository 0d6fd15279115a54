package club.micromining.ops;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.LightningSettings;
import club.micromining.persistence.ledger.LedgerStore;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.DispatcherSelector;
import club.micromining.ops.api.ClubRoutes;
import club.micromining.ops.api.JsonErrors;
import club.micromining.ops.api.LedgerRoutes;
import club.micromining.ops.api.HealthRoutes;
import club.micromining.ops.api.LnurlRoutes;
import club.micromining.ops.api.LoginRoutes;
import club.micromining.ops.api.MemberRoutes;
import club.micromining.ops.api.MetricsRoutes;
import club.micromining.ops.api.PoolApiRoutes;
import club.micromining.pool.facade.Pool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/** The node's HTTP listeners: the JSON API (with LNURL and metrics) on one port, health on another. */
final class HttpListeners {
    private HttpListeners() {
    }

    static ServerBinding api(ActorSystem<?> system, NodeSettings node, Pool pool, LightningSettings lightning, LedgerStore ledger,
                             io.micrometer.prometheusmetrics.PrometheusMeterRegistry meters) {
        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        // The regtest default names the bound port, known once bound: until then LNURL answers that it is starting.
        java.util.concurrent.atomic.AtomicReference<String> publicUrl = new java.util.concurrent.atomic.AtomicReference<>(
                lightning.publicUrl().isEmpty() && node.apiPort() == 0 ? null
                        : PublicUrl.of(lightning, new java.net.InetSocketAddress(node.bindHost(), node.apiPort())));
        ServerBinding api = bind(system, node, node.apiPort(), JsonErrors.wrap(Directives.concat(new PoolApiRoutes(pool).routes(),
                new MetricsRoutes(meters).routes(), new LedgerRoutes(ledger, blocking).routes(), new ClubRoutes(pool.club()).routes(),
                new MemberRoutes(pool, node.adminToken()).routes(),
                new LnurlRoutes(pool, lightning.donationName(), publicUrl::get).routes(), new LoginRoutes(pool).routes())),
                "the JSON API", "POOL_API_PORT");
        publicUrl.set(PublicUrl.of(lightning, api.localAddress()));
        return api;
    }

    /**
     * Ready once the node is an up member of its cluster, its database (the journal) answers, its jobs are
     * current and the Stratum listener is up.
     */
    static ServerBinding health(ActorSystem<?> system, NodeSettings node, club.micromining.stratum.job.JobOrigin jobs,
                                Supplier<Boolean> journalReachable, Supplier<Boolean> listening) {
        Supplier<List<String>> notReady = () -> {
            List<String> reasons = new java.util.ArrayList<>();
            if (org.apache.pekko.cluster.typed.Cluster.get(system).selfMember().status()
                    != org.apache.pekko.cluster.MemberStatus.up()) {
                reasons.add("this node is not an up member of its cluster yet");
            }
            if (!journalReachable.get()) {
                reasons.add("the database (the journal) does not answer");
            }
            if (!jobs.ready()) {
                reasons.add("the template source is not current");
            }
            if (!listening.get()) {
                reasons.add("the Stratum listener is not up yet");
            }
            return reasons;
        };
        return bind(system, node, node.managementPort(), new HealthRoutes(notReady).routes(), "the health endpoints",
                "POOL_MANAGEMENT_PORT");
    }

    private static ServerBinding bind(ActorSystem<?> system, NodeSettings node, int port, Route routes, String what, String env) {
        try {
            return Http.get(system).newServerAt(node.bindHost(), port).bind(routes).toCompletableFuture()
                    .get(node.bindTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(what + " could not start on " + node.bindHost() + ":" + port + " (POOL_BIND_HOST, "
                    + env + "): " + Failures.rootMessage(e), e);
        }
    }
}
