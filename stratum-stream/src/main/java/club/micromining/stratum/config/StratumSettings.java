package club.micromining.stratum.config;

import club.micromining.common.config.ConfigReader;
import club.micromining.common.config.SettingsException;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.job.CoinbaseLayout;
import club.micromining.stratum.server.ServerSettings;
import club.micromining.stratum.session.Extranonce1Allocator;
import club.micromining.stratum.session.SessionSettings;
import club.micromining.stratum.template.BitcoindSettings;
import club.micromining.stratum.template.EmbeddedChainSettings;
import club.micromining.stratum.vardiff.DifficultyBounds;
import com.typesafe.config.Config;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Every setting of the mining edge, read once and checked at start-up.
 *
 * @param network       the Bitcoin network
 * @param payoutAddress the coinbase payout address, valid on {@code network}
 * @param nodeId        this node's id within its cluster, given by the cluster at start (0 until then)
 * @param coinbase      what goes into every coinbase
 * @param versionMask   the pool's version-rolling mask
 * @param staleGrace    how long jobs of the previous block are still accepted
 * @param session       per-connection behaviour
 * @param server        the listener and its limits
 * @param embeddedChain the embedded chain
 * @param bitcoind      bitcoind, or null for the embedded chain
 */
public record StratumSettings(
        Network network,
        String payoutAddress,
        int nodeId,
        CoinbaseLayout coinbase,
        int versionMask,
        Duration staleGrace,
        SessionSettings session,
        ServerSettings server,
        EmbeddedChainSettings embeddedChain,
        BitcoindSettings bitcoind) {

    /** Anyone may spend from this key; it only makes regtest work with zero setup. */
    public static final String REGTEST_DEFAULT_PAYOUT = "bcrt1qdnzp36skyqxssezd9xy34su8qtva8lwkmeehd9";

    public static StratumSettings fromConfig(Config config) {
        ConfigReader r = new ConfigReader(config);
        Network network;
        String networkName = r.string("micromining.network", "POOL_NETWORK");
        try {
            network = Network.parse(networkName);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("micromining.network", "POOL_NETWORK", e.getMessage());
        }

        String address = r.string("micromining.payout-address", "POOL_PAYOUT_ADDRESS").trim();
        if (address.isEmpty()) {
            if (network != Network.REGTEST) {
                throw new SettingsException("micromining.payout-address", "POOL_PAYOUT_ADDRESS",
                        "required on " + network + ": the address block rewards are paid to");
            }
            address = REGTEST_DEFAULT_PAYOUT;
        }
        byte[] payoutScript;
        try {
            payoutScript = network.outputScript(address);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("micromining.payout-address", "POOL_PAYOUT_ADDRESS", e.getMessage());
        }

        String s = "micromining.stratum.";
        int extranonce2Size = r.integer(s + "extranonce2-size", "POOL_EXTRANONCE2_SIZE", 2, 8);
        byte[] tag = r.string(s + "pool-tag", "POOL_TAG").getBytes(StandardCharsets.UTF_8);
        if (tag.length > 60) {
            throw new SettingsException(s + "pool-tag", "POOL_TAG", "must be at most 60 bytes, was " + tag.length);
        }
        CoinbaseLayout coinbase = new CoinbaseLayout(payoutScript, tag, Extranonce1Allocator.SIZE, extranonce2Size);
        int versionMask = r.hex32(s + "version-mask", "POOL_VERSION_MASK");

        DifficultyBounds bounds = difficulty(r, network);
        Duration shareInterval = r.duration(s + "difficulty.share-interval", "POOL_SHARE_INTERVAL", Duration.ofMillis(100));
        Duration window = r.duration(s + "difficulty.vardiff-window", "POOL_VARDIFF_WINDOW", shareInterval);
        String l = s + "limits.";
        SessionSettings session = new SessionSettings(
                versionMask,
                bounds,
                shareInterval,
                window,
                r.positive(l + "max-submits-per-second", "POOL_MAX_SUBMITS_PER_SECOND"),
                r.duration(l + "handshake-timeout", "POOL_HANDSHAKE_TIMEOUT", Duration.ofSeconds(1)),
                r.duration(l + "idle-timeout", "POOL_IDLE_TIMEOUT", Duration.ofSeconds(1)),
                r.integer(l + "max-protocol-errors", "POOL_MAX_PROTOCOL_ERRORS", 0, 1_000_000),
                r.integer(s + "jobs.per-connection", "POOL_JOBS_PER_CONNECTION", 2, 1024));
        ServerSettings server = new ServerSettings(
                r.string(s + "bind-host", "POOL_BIND_HOST"),
                r.integer(s + "port", "POOL_STRATUM_PORT", 0, 65535),
                r.integer(l + "max-line-bytes", "POOL_MAX_LINE_BYTES", 1024, 1 << 20),
                r.integer(l + "max-connections", "POOL_MAX_CONNECTIONS", 1, 10_000_000),
                r.integer(l + "max-connections-per-address", "POOL_MAX_CONNECTIONS_PER_ADDRESS", 1, 10_000_000),
                r.integer(l + "accept-backlog", "POOL_ACCEPT_BACKLOG", 1, 65535),
                r.integer(l + "max-waiting-replies", "POOL_MAX_WAITING_REPLIES", 1, 100_000),
                r.integer(l + "max-queued-messages", "POOL_MAX_QUEUED_MESSAGES", 8, 100_000),
                r.integer(l + "max-in-flight-shares", "POOL_MAX_IN_FLIGHT_SHARES", 1, 10_000_000),
                r.duration(l + "in-flight-latency-target", "POOL_IN_FLIGHT_LATENCY_TARGET", Duration.ofMillis(10)));

        String e = "micromining.embedded-chain.";
        double chainStart = r.positive(e + "start-difficulty", "POOL_EMBEDDED_START_DIFFICULTY");
        double chainMin = r.positive(e + "min-difficulty", "POOL_EMBEDDED_MIN_DIFFICULTY");
        EmbeddedChainSettings chain = new EmbeddedChainSettings(
                chainStart,
                chainMin,
                r.duration(e + "block-interval", "POOL_EMBEDDED_BLOCK_INTERVAL", Duration.ofSeconds(1)),
                r.integer(e + "template-txs", "POOL_EMBEDDED_TEMPLATE_TXS", 0, 20_000),
                r.duration(e + "refresh-interval", "POOL_EMBEDDED_REFRESH_INTERVAL", Duration.ofMillis(100)));

        // The node's id comes from its cluster at start (withNodeId), never from an operator's hand.
        return new StratumSettings(network, address, 0, coinbase, versionMask,
                r.duration(s + "jobs.stale-grace", "POOL_STALE_GRACE", Duration.ZERO), session, server, chain,
                bitcoind(r));
    }

    /** The same settings on the node the cluster numbered {@code id}: the first two bytes of its extranonce1. */
    public StratumSettings withNodeId(int id) {
        if (id < 0 || id > 0xffff) {
            throw new IllegalArgumentException("node id must be 0..65535");
        }
        return new StratumSettings(network, payoutAddress, id, coinbase, versionMask, staleGrace, session, server, embeddedChain,
                bitcoind);
    }

    private static BitcoindSettings bitcoind(ConfigReader r) {
        String b = "micromining.bitcoind.";
        String url = r.string(b + "url", "POOL_BITCOIND_URL").trim();
        if (url.isEmpty()) {
            return null;
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new SettingsException(b + "url", "POOL_BITCOIND_URL", "must be an http:// or https:// URL, was \"" + url + "\"");
        }
        try {
            java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(b + "url", "POOL_BITCOIND_URL", "is not a valid URL: " + e.getMessage());
        }
        String user = r.string(b + "user", "POOL_BITCOIND_USER");
        String password = r.string(b + "password", "POOL_BITCOIND_PASSWORD");
        String cookie = r.string(b + "cookie-file", "POOL_BITCOIND_COOKIE_FILE").trim();
        if (cookie.isEmpty() && (user.isEmpty() || password.isEmpty())) {
            throw new SettingsException(b + "user", "POOL_BITCOIND_USER",
                    "bitcoind needs POOL_BITCOIND_USER and POOL_BITCOIND_PASSWORD, or POOL_BITCOIND_COOKIE_FILE");
        }
        return new BitcoindSettings(url, user, password, cookie.isEmpty() ? null : java.nio.file.Path.of(cookie),
                r.duration(b + "poll-interval", "POOL_BITCOIND_POLL_INTERVAL", Duration.ofMillis(50)),
                r.duration(b + "refresh-interval", "POOL_BITCOIND_REFRESH_INTERVAL", Duration.ofSeconds(1)),
                r.duration(b + "rpc-timeout", "POOL_BITCOIND_RPC_TIMEOUT", Duration.ofMillis(100)),
                r.duration(b + "retry-interval", "POOL_BITCOIND_RETRY_INTERVAL", Duration.ofMillis(10)),
                dataDir(r).resolve("blocks-pending"));
    }

    private static java.nio.file.Path dataDir(ConfigReader r) {
        String dir = r.string("micromining.data-dir", "POOL_DATA_DIR").trim();
        if (dir.isEmpty()) {
            throw new SettingsException("micromining.data-dir", "POOL_DATA_DIR", "must name a directory");
        }
        try {
            return java.nio.file.Path.of(dir).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new SettingsException("micromining.data-dir", "POOL_DATA_DIR", "is not a valid path: " + e.getMessage());
        }
    }

    private static DifficultyBounds difficulty(ConfigReader r, Network network) {
        String d = "micromining.stratum.difficulty.";
        double min = r.positiveOrAuto(d + "min", "POOL_MIN_DIFFICULTY", network.defaultMinDifficulty());
        double start = r.positiveOrAuto(d + "start", "POOL_START_DIFFICULTY", Math.max(min, network.defaultStartDifficulty()));
        double max = r.positive(d + "max", "POOL_MAX_DIFFICULTY");
        if (!network.fractionalDifficulty()) {
            // Firmware such as NerdQAxe's truncates a fractional difficulty, so its shares would miss the target.
            wholeNumber(d + "min", "POOL_MIN_DIFFICULTY", min, network);
            wholeNumber(d + "start", "POOL_START_DIFFICULTY", start, network);
            wholeNumber(d + "max", "POOL_MAX_DIFFICULTY", max, network);
        }
        if (min < DifficultyBounds.FLOOR) {
            throw new SettingsException(d + "min", "POOL_MIN_DIFFICULTY", "must be at least " + DifficultyBounds.FLOOR + ", was " + min);
        }
        if (max < min) {
            throw new SettingsException(d + "max", "POOL_MAX_DIFFICULTY", "must not be below the minimum " + min + ", was " + max);
        }
        if (start < min || start > max) {
            throw new SettingsException(d + "start", "POOL_START_DIFFICULTY",
                    "must lie between the minimum " + min + " and the maximum " + max + ", was " + start);
        }
        return new DifficultyBounds(min, max, start, network.fractionalDifficulty());
    }

    private static void wholeNumber(String path, String env, double value, Network network) {
        if (value < 1 || value != Math.rint(value)) {
            throw new SettingsException(path, env,
                    "must be a whole number of at least 1 on " + network + " (fractions are for regtest), was " + value);
        }
    }
}
