package club.micromining.ops;

import club.micromining.common.config.ConfigReader;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The runnable node's own settings: where its HTTP listeners bind, and what {@code run} shows besides the pool.
 *
 * @param bindHost          address the JSON API and the health endpoints bind
 * @param apiPort           JSON API, LNURL and metrics
 * @param managementPort    health
 * @param adminToken        bearer token of the operator's payout-settings route; empty: nobody may use it
 * @param bindTimeout       how long a listener may take to bind
 * @param statusInterval    how often one line of pool totals is logged
 * @param simulateHashrate  hashes per second of each simulated device
 * @param simulateBlockInterval the embedded chain's block interval while simulated devices mine
 */
public record NodeSettings(String bindHost, int apiPort, int managementPort, String adminToken, Duration bindTimeout,
                           Duration statusInterval, double simulateHashrate, Duration simulateBlockInterval) {

    public static NodeSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        return new NodeSettings(
                r.string("micromining.api.bind-host", "POOL_BIND_HOST"),
                r.integer("micromining.api.port", "POOL_API_PORT", 0, 65535),
                r.integer("micromining.management.port", "POOL_MANAGEMENT_PORT", 0, 65535),
                r.string("micromining.api.admin-token", "POOL_ADMIN_TOKEN").trim(),
                r.duration("micromining.api.bind-timeout", "POOL_BIND_TIMEOUT", Duration.ofSeconds(1)),
                r.duration("micromining.status-interval", "POOL_STATUS_INTERVAL", Duration.ofSeconds(1)),
                r.positive("micromining.simulate.hashrate", "POOL_SIMULATE_HASHRATE"),
                r.duration("micromining.simulate.block-interval", "POOL_SIMULATE_BLOCK_INTERVAL", Duration.ofSeconds(1)));
    }
}
