package club.micromining.stratum.config;

import club.micromining.common.config.SettingsException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.stratum.bitcoin.Network;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StratumSettingsTest {

    /** This module's own reference.conf (a directory on the test class path; Pekko's come from jars). */
    private static URL moduleReference() throws IOException {
        for (URL url : Collections.list(StratumSettingsTest.class.getClassLoader().getResources("reference.conf"))) {
            if (url.getProtocol().equals("file")) {
                return url;
            }
        }
        throw new IllegalStateException("stratum-stream's reference.conf is not on the class path");
    }

    /**
     * The module's reference.conf with the given environment variables. A substitution such as
     * {@code ${?POOL_STRATUM_PORT}} looks in the config's root before the real environment, so root keys
     * stand in for environment variables.
     */
    private static StratumSettings withEnv(Map<String, String> env) throws IOException {
        Config reference = ConfigFactory.parseURL(moduleReference());
        return StratumSettings.fromConfig(ConfigFactory.parseMap(env).withFallback(reference).resolve());
    }

    @Test
    void defaultsStartARegtestPoolWithNoSetup() throws IOException {
        StratumSettings s = withEnv(Map.of());
        assertThat(s.network()).isEqualTo(Network.REGTEST);
        assertThat(s.payoutAddress()).isEqualTo(StratumSettings.REGTEST_DEFAULT_PAYOUT);
        assertThat(s.server().port()).isEqualTo(3333);
        assertThat(s.server().bindHost()).isEqualTo("0.0.0.0");
        assertThat(s.server().maxLineBytes()).isEqualTo(16384);
        assertThat(s.versionMask()).isEqualTo(0x1fffe000);
        assertThat(s.session().difficulty().fractional()).isTrue();
        assertThat(s.session().shareInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.embeddedChain().blockInterval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void everySettingHasAnEnvironmentVariableThatWorks() throws IOException {
        String text;
        try (InputStream in = moduleReference().openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher m = Pattern.compile("^\\s*([a-z0-9-]+)\\s*=\\s*(?!\\$\\{)", Pattern.MULTILINE).matcher(text);
        int settings = 0;
        while (m.find()) {
            String key = m.group(1);
            assertThat(text).as("setting %s has an environment override on the next line", key)
                    .containsPattern("(?m)^\\s*" + Pattern.quote(key) + "\\s*=\\s*\\$\\{\\?POOL_[A-Z0-9_]+\\}");
            settings++;
        }
        assertThat(settings).isGreaterThan(20);

        Map<String, String> env = new HashMap<>();
        env.put("POOL_STRATUM_PORT", "4444");
        env.put("POOL_BIND_HOST", "127.0.0.1");
        env.put("POOL_MIN_DIFFICULTY", "0.5");
        env.put("POOL_START_DIFFICULTY", "2");
        env.put("POOL_EMBEDDED_TEMPLATE_TXS", "2000");
        env.put("POOL_IDLE_TIMEOUT", "90s");
        StratumSettings s = withEnv(env);
        assertThat(s.server().port()).isEqualTo(4444);
        assertThat(s.server().bindHost()).isEqualTo("127.0.0.1");
        assertThat(s.session().difficulty().min()).isEqualTo(0.5);
        assertThat(s.session().difficulty().start()).isEqualTo(2.0);
        assertThat(s.embeddedChain().templateTxs()).isEqualTo(2000);
        assertThat(s.session().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aWrongSettingIsNamedWithItsVariable() {
        assertThatThrownBy(() -> withEnv(Map.of("POOL_STRATUM_PORT", "70000")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("micromining.stratum.port").hasMessageContaining("POOL_STRATUM_PORT")
                .hasMessageContaining("70000");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_STRATUM_PORT", "three")))
                .hasMessageContaining("POOL_STRATUM_PORT");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_NETWORK", "testnet3")))
                .hasMessageContaining("POOL_NETWORK").hasMessageContaining("testnet4");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_VERSION_MASK", "xyz")))
                .hasMessageContaining("POOL_VERSION_MASK");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_MIN_DIFFICULTY", "-1")))
                .hasMessageContaining("POOL_MIN_DIFFICULTY");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_START_DIFFICULTY", "1e12")))
                .hasMessageContaining("POOL_START_DIFFICULTY");
    }

    @Test
    void thePayoutAddressMustBelongToTheNetwork() throws IOException {
        assertThatThrownBy(() -> withEnv(Map.of("POOL_PAYOUT_ADDRESS", "bc1qdnzp36skyqxssezd9xy34su8qtva8lwknkmfpl")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("POOL_PAYOUT_ADDRESS").hasMessageContaining("another network");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_PAYOUT_ADDRESS", "bcrt1qnotanaddress")))
                .hasMessageContaining("not a valid Bitcoin address");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_NETWORK", "mainnet")))
                .hasMessageContaining("POOL_PAYOUT_ADDRESS").hasMessageContaining("required on mainnet");
        StratumSettings mainnet = withEnv(Map.of("POOL_NETWORK", "mainnet",
                "POOL_PAYOUT_ADDRESS", "bc1qdnzp36skyqxssezd9xy34su8qtva8lwknkmfpl"));
        assertThat(mainnet.session().difficulty().fractional()).isFalse();
        assertThat(mainnet.session().difficulty().min()).isEqualTo(1.0);
    }

    @Test
    void fractionalDifficultyIsForRegtestOnly() throws IOException {
        assertThatThrownBy(() -> withEnv(Map.of("POOL_NETWORK", "signet", "POOL_MIN_DIFFICULTY", "0.01",
                "POOL_PAYOUT_ADDRESS", "tb1qdnzp36skyqxssezd9xy34su8qtva8lwkesq66v")))
                .hasMessageContaining("POOL_MIN_DIFFICULTY").hasMessageContaining("regtest");
        assertThat(withEnv(Map.of("POOL_MIN_DIFFICULTY", "1e-10", "POOL_START_DIFFICULTY", "1e-10"))
                .session().difficulty().min()).isEqualTo(1e-10);
        assertThat(withEnv(Map.of("POOL_START_DIFFICULTY", "1.5", "POOL_MAX_DIFFICULTY", "2.5"))
                .session().difficulty().start()).isEqualTo(1.5);
    }

    @Test
    void offRegtestStartAndMaximumDifficultyAreWholeNumbersToo() throws IOException {
        Map<String, String> mainnet = Map.of("POOL_NETWORK", "mainnet",
                "POOL_PAYOUT_ADDRESS", "bc1qdnzp36skyqxssezd9xy34su8qtva8lwknkmfpl");
        assertThatThrownBy(() -> withEnv(with(mainnet, "POOL_START_DIFFICULTY", "1.5")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("micromining.stratum.difficulty.start").hasMessageContaining("POOL_START_DIFFICULTY")
                .hasMessageContaining("1.5").hasMessageContaining("whole number");
        assertThatThrownBy(() -> withEnv(with(mainnet, "POOL_MAX_DIFFICULTY", "5000.5")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("micromining.stratum.difficulty.max").hasMessageContaining("POOL_MAX_DIFFICULTY")
                .hasMessageContaining("5000.5");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_NETWORK", "testnet4", "POOL_START_DIFFICULTY", "0.5",
                "POOL_PAYOUT_ADDRESS", "tb1qdnzp36skyqxssezd9xy34su8qtva8lwkesq66v")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_START_DIFFICULTY");

        StratumSettings whole = withEnv(with(with(mainnet, "POOL_START_DIFFICULTY", "2048"), "POOL_MAX_DIFFICULTY", "1e12"));
        assertThat(whole.session().difficulty().start()).isEqualTo(2048.0);
        assertThat(whole.session().difficulty().max()).isEqualTo(1e12);
        assertThat(withEnv(mainnet).session().difficulty().start()).isEqualTo(1024.0);
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(key, value);
        return more;
    }

    @Test
    void bitcoindNeedsAUrlAndCredentials() throws IOException {
        assertThat(withEnv(Map.of()).bitcoind()).isNull();
        assertThatThrownBy(() -> withEnv(Map.of("POOL_BITCOIND_URL", "localhost:8332")))
                .hasMessageContaining("POOL_BITCOIND_URL").hasMessageContaining("http://");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_BITCOIND_URL", "http://127.0.0.1:8332/")))
                .hasMessageContaining("POOL_BITCOIND_COOKIE_FILE");
        StratumSettings s = withEnv(Map.of("POOL_BITCOIND_URL", "http://127.0.0.1:8332/",
                "POOL_BITCOIND_COOKIE_FILE", "/var/lib/bitcoind/.cookie"));
        assertThat(s.bitcoind().cookieFile()).hasToString("/var/lib/bitcoind/.cookie");
        assertThat(s.bitcoind().refreshInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    /**
     * Each kind of address gives its own output script: P2PKH, P2SH, P2WPKH, P2WSH, P2TR on mainnet (the
     * bech32 ones are BIP 173 and BIP 350 examples; the scripts were checked against bitcoinj).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "P2PKH, 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2, 76a914[0-9a-f]{40}88ac, 76a91477bff20c60e522dfaa3350c39b030a5d004e839a88ac",
        "P2SH, 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy, a914[0-9a-f]{40}87, a914b472a266d0bd89c13706a4132ccfb16f7c3b9fcb87",
        "P2WPKH, bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4, 0014[0-9a-f]{40}, 0014751e76e8199196d454941c45d1b3a323f1433bd6",
        "P2WSH, bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3, 0020[0-9a-f]{64},"
                + " 00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262",
        "P2TR, bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0, 5120[0-9a-f]{64},"
                + " 512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798",
    })
    void everyAddressKindGivesItsOwnScript(String kind, String address, String template, String script) {
        String actual = HexFormat.of().formatHex(Network.MAINNET.outputScript(address));
        assertThat(actual).as(kind).matches(template).isEqualTo(script);
    }

    @Test
    void foundBlocksWaitForBitcoindUnderTheDataDirectory() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("POOL_BITCOIND_URL", "http://127.0.0.1:8332/");
        env.put("POOL_BITCOIND_COOKIE_FILE", "/var/lib/bitcoind/.cookie");
        env.put("POOL_DATA_DIR", "/srv/pool");
        assertThat(withEnv(env).bitcoind().pendingBlocksDir()).isEqualTo(Path.of("/srv/pool/blocks-pending"));
        env.put("POOL_DATA_DIR", " ");
        assertThatThrownBy(() -> withEnv(env)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("micromining.data-dir").hasMessageContaining("POOL_DATA_DIR");
    }
}
