package club.micromining.lightning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.common.config.SettingsException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LightningSettingsTest {

    /** The environment as the node reads it; data-dir and network are other modules' settings, given here. */
    private static LightningSettings withEnv(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(Map.of("micromining.data-dir", "/var/pool", "micromining.network", "regtest"));
        all.putAll(env);
        return LightningSettings.fromConfig(ConfigFactory.parseMap(all).withFallback(ConfigFactory.defaultReferenceUnresolved())
                .resolve());
    }

    @Test
    void withoutAnLndHostTheEmbeddedNodeKeepsItsStateInTheDataDirectory() {
        LightningSettings s = withEnv(Map.of());
        assertThat(s.lnd()).isNull();
        assertThat(s.simulated().currency()).isEqualTo("bcrt");
        assertThat(s.simulated().stateFile()).isEqualTo(Path.of("/var/pool", "simulated-lightning-node.state"));
        assertThat(s.lnurlTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.donationName()).isEqualTo("club");
        assertThat(s.publicUrl()).isEmpty();
    }

    @Test
    void invoicesCarryTheNetworksPrefix() {
        assertThat(withEnv(Map.of("micromining.network", "mainnet")).simulated().currency()).isEqualTo("bc");
        assertThat(withEnv(Map.of("micromining.network", "testnet4")).simulated().currency()).isEqualTo("tb");
        assertThat(withEnv(Map.of("micromining.network", "signet")).simulated().currency()).isEqualTo("tbs");
        assertThatThrownBy(() -> withEnv(Map.of("micromining.network", "moonnet"))).isInstanceOf(SettingsException.class)
                .hasMessageContaining("POOL_NETWORK");
    }

    @Test
    void anLndHostSwitchesToLndWithItsTimeouts() {
        LightningSettings s = withEnv(Map.of("micromining.lightning.lnd.host", "lnd.internal",
                "micromining.lightning.lnd.tls-cert", "/etc/lnd/tls.cert", "micromining.lightning.lnd.macaroon", "/etc/lnd/admin.macaroon",
                "micromining.lightning.lnd.call-timeout", "5s"));
        assertThat(s.lnd().host()).isEqualTo("lnd.internal");
        assertThat(s.lnd().port()).isEqualTo(10009);
        assertThat(s.lnd().tlsCert()).isEqualTo(Path.of("/etc/lnd/tls.cert"));
        assertThat(s.lnd().callTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.lndConnectTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aWrongSettingIsNamed() {
        assertThatThrownBy(() -> withEnv(Map.of("micromining.lightning.public-url", "pool.example")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_PUBLIC_URL");
        assertThatThrownBy(() -> withEnv(Map.of("micromining.lightning.donation-name", "Club Name")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_DONATION_NAME");
        assertThatThrownBy(() -> withEnv(Map.of("micromining.lightning.lnd.host", "x", "micromining.lightning.lnd.port", "0")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_LND_PORT");
        assertThat(withEnv(Map.of("micromining.lightning.public-url", "https://pool.example/")).publicUrl())
                .isEqualTo("https://pool.example");
    }
}
