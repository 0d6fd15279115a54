package club.micromining.lightning.lnd;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the pool's LND listens for gRPC, the certificate it must present, and the macaroon that lets the pool
 * pay, issue invoices and read balances (LND's {@code admin.macaroon}, or one baked with those permissions).
 *
 * @param host     LND's gRPC host
 * @param port     LND's gRPC port
 * @param tlsCert  LND's {@code tls.cert}: the only certificate trusted for the connection
 * @param macaroon the macaroon file, sent in hex with every call
 * @param callTimeout how long a call to LND (an invoice, a look-up, a balance) may take
 */
public record LndSettings(String host, int port, Path tlsCert, Path macaroon, Duration callTimeout) {

    /** The settings as the configuration names them (see reference.conf), so a wrong one can be pointed at. */
    public enum Setting {
        HOST("micromining.lightning.lnd.host", "POOL_LND_HOST"),
        PORT("micromining.lightning.lnd.port", "POOL_LND_PORT"),
        TLS_CERT("micromining.lightning.lnd.tls-cert", "POOL_LND_TLS_CERT"),
        MACAROON("micromining.lightning.lnd.macaroon", "POOL_LND_MACAROON");

        private final String path;
        private final String env;

        Setting(String path, String env) {
            this.path = path;
            this.env = env;
        }

        public String path() {
            return path;
        }

        public String env() {
            return env;
        }
    }

    /** A setting the adapter cannot work with; {@link #setting()} says which, {@link #problem()} why. */
    public static final class InvalidSetting extends IllegalArgumentException {
        private final Setting setting;
        private final String problem;

        public InvalidSetting(Setting setting, String problem, Throwable cause) {
            super("setting " + setting.path() + " (environment variable " + setting.env() + "): " + problem, cause);
            this.setting = setting;
            this.problem = problem;
        }

        public Setting setting() {
            return setting;
        }

        public String problem() {
            return problem;
        }
    }
}
