package club.micromining.persistence;

import club.micromining.common.config.ConfigReader;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.persistence.ledger.LedgerSettings;
import com.typesafe.config.Config;
import java.time.Duration;

/**
 * The persistence module's settings: the database, and how the read side keeps itself.
 *
 * @param database            where the journal and the read models live
 * @param journalCleanupInterval how often events every projection has read, and that lie before a snapshot, are deleted
 * @param workWindowSettle    how long a PPLNS division waits for every device tag's projection to pass the block's share
 * @param missingShareGrace   after this long, a block whose share never reached the journal is divided over the shares before it
 * @param workMergeAfter      PPLNS work older than this is merged per account and hour
 * @param ledger              the public ledger's periods, name and key
 * @param leaseTtl            how long the database stays this cluster's after its last heartbeat
 * @param leaseHolder         this node's cluster address, named to a node of another cluster that finds the lease held
 * @param yieldAfter          a share write lag above this holds the projections back (zero: never)
 * @param maxHold             the longest the projections are held back at a time
 */
public record PersistenceSettings(DatabaseSettings database, Duration journalCleanupInterval, Duration workWindowSettle,
                                  Duration missingShareGrace, Duration workMergeAfter, LedgerSettings ledger, Duration leaseTtl,
                                  String leaseHolder, Duration yieldAfter, Duration maxHold) {

    public static PersistenceSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        String w = "micromining.projections.work-window.";
        return new PersistenceSettings(DatabaseSettings.fromConfig(config),
                r.duration("micromining.journal-cleanup-interval", "POOL_JOURNAL_CLEANUP_INTERVAL", Duration.ofSeconds(1)),
                r.duration(w + "settle", "POOL_WORK_WINDOW_SETTLE", Duration.ZERO),
                r.duration(w + "missing-share-grace", "POOL_WORK_WINDOW_MISSING_SHARE_GRACE", Duration.ZERO),
                r.duration(w + "merge-after", "POOL_WORK_WINDOW_MERGE_AFTER", Duration.ofHours(1)),
                LedgerSettings.fromConfig(config),
                r.duration("micromining.database.lease-ttl", "POOL_DB_LEASE_TTL", Duration.ofSeconds(2)),
                // The node's cluster address: what a node of another cluster is told to join.
                config.getString("pekko.remote.artery.canonical.hostname") + ":" + config.getString("pekko.remote.artery.canonical.port"),
                r.duration("micromining.projections.yield-after", "POOL_PROJECTION_YIELD_AFTER", Duration.ZERO),
                r.duration("micromining.projections.max-hold", "POOL_PROJECTION_MAX_HOLD", Duration.ofMillis(100)));
    }
}
