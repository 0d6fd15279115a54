package club.micromining.ops;

import club.micromining.persistence.db.Database;
import club.micromining.pool.facade.Pool;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import club.micromining.ops.cluster.ClusterMeters;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * This node's meters in one Prometheus registry, scraped at {@code /metrics}: the pool's (share path,
 * payouts, chain, Stratum edge), the JVM's (memory, GC, threads, CPU, uptime, classes) and the database's
 * connection pools (HikariCP's own meters, by pool name), and the cluster's members.
 */
final class NodeMeters {

    private NodeMeters() {
    }

    static PrometheusMeterRegistry start(Pool pool, Database database, ActorSystem<?> system) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        for (HikariDataSource connections : database.pools(system)) {
            connections.setMetricRegistry(registry);
        }
        pool.bindTo(registry);
        new ClusterMeters(system).bindTo(registry);
        return registry;
    }
}
