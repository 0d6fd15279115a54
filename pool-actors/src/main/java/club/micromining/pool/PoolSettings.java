package club.micromining.pool;

import club.micromining.stratum.config.ConfigReader;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Settings of the club's domain actors.
 *
 * @param snapshotEvery      events between entity snapshots
 * @param recordTimeout      how long a share may take to be persisted
 * @param rejectionsInterval how often rejection tallies are written
 */
public record PoolSettings(int snapshotEvery, Duration recordTimeout, Duration rejectionsInterval) {

    public static PoolSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        return new PoolSettings(
                r.integer("micromining.pool.snapshot-every", "POOL_SNAPSHOT_EVERY", 10, 1_000_000),
                r.duration("micromining.pool.record-timeout", "POOL_RECORD_TIMEOUT", Duration.ofMillis(100)),
                r.duration("micromining.pool.rejections-interval", "POOL_REJECTIONS_INTERVAL", Duration.ofSeconds(1)));
    }
}
