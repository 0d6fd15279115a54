package club.micromining.persistence.ledger;

import club.micromining.common.config.ConfigReader;
import club.micromining.common.config.SettingsException;
import com.typesafe.config.Config;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.time.Duration;

/**
 * @param period    how long a period runs before its root is made (periods are multiples of it since the epoch)
 * @param sealDelay how long after a period's end its root waits for the journal's last events of it
 * @param origin    the checkpoints' origin line and key name: this ledger's name, a schema-less URL
 * @param dataDir   where the ledger key is kept
 * @param otsCalendars OpenTimestamps calendars each period root is stamped with (none: off)
 */
public record LedgerSettings(Duration period, Duration sealDelay, String origin, Path dataDir, List<URI> otsCalendars) {

    public static LedgerSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        Duration period = r.duration("micromining.ledger.period", "POOL_LEDGER_PERIOD", Duration.ofSeconds(1));
        Duration delay = r.duration("micromining.ledger.seal-delay", "POOL_LEDGER_SEAL_DELAY", Duration.ZERO);
        String origin = r.string("micromining.ledger.origin", "POOL_LEDGER_ORIGIN").trim();
        if (origin.isEmpty() || origin.contains(" ") || origin.contains("+")) {
            throw new SettingsException("micromining.ledger.origin", "POOL_LEDGER_ORIGIN",
                    "must be a schema-less URL without spaces or '+', such as pool.example.org/ledger");
        }
        String dir = r.string("micromining.data-dir", "POOL_DATA_DIR").trim();
        List<URI> calendars;
        try {
            calendars = OpenTimestamps.calendars(r.string("micromining.ledger.ots-calendars", "POOL_OTS_CALENDARS"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("micromining.ledger.ots-calendars", "POOL_OTS_CALENDARS",
                    "must list http(s) calendar URLs separated by commas: " + e.getMessage());
        }
        return new LedgerSettings(period, delay, origin, Path.of(dir.isEmpty() ? "data" : dir), calendars);
    }
}
