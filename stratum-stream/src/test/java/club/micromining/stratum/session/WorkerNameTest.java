package club.micromining.stratum.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one place the rules for account and worker names live: Stratum's authorize, the API, stored device ids. */
class WorkerNameTest {

    @Test
    void aMinersUserNameIsAccountDotWorkerOrABareAccount() throws Exception {
        assertThat(WorkerName.parse("alice.bitaxe")).isEqualTo(new WorkerName("alice", "bitaxe"));
        assertThat(WorkerName.parse("alice")).isEqualTo(new WorkerName("alice", WorkerName.DEFAULT_WORKER));
        assertThat(WorkerName.parse("alice.")).isEqualTo(new WorkerName("alice", WorkerName.DEFAULT_WORKER));
        assertThat(WorkerName.parse("bc1qdnzp36skyqxssezd9xy34su8qtva8lwk.rig-2_a").account())
                .isEqualTo("bc1qdnzp36skyqxssezd9xy34su8qtva8lwk");
        assertThat(WorkerName.parse("alice.bitaxe").deviceId()).isEqualTo("alice.bitaxe");
        assertThat(WorkerName.parse("alice").toString()).isEqualTo("alice.default");
    }

    @Test
    void badNamesAreRefusedWithAReasonAMinerCanActOn() {
        assertThatThrownBy(() -> WorkerName.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> WorkerName.parse(null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> WorkerName.parse(".bitaxe")).hasMessageContaining("invalid account");
        assertThatThrownBy(() -> WorkerName.parse("al ice.x")).hasMessageContaining("invalid account 'al ice'");
        assertThatThrownBy(() -> WorkerName.parse("alice.bit.axe")).hasMessageContaining("invalid worker 'bit.axe'");
        assertThatThrownBy(() -> WorkerName.parse("a".repeat(91))).hasMessageContaining("up to 90");
        assertThatThrownBy(() -> WorkerName.parse("alice." + "w".repeat(65))).hasMessageContaining("up to 64");
        // Control characters never reach a log line as they are.
        assertThatThrownBy(() -> WorkerName.parse("al\u0007ice")).hasMessageContaining("al?ice");
    }

    @Test
    void anAccountOnItsOwnHasNoWorker() throws Exception {
        assertThat(WorkerName.account("alice")).isEqualTo("alice");
        assertThatThrownBy(() -> WorkerName.account("no.body")).isInstanceOf(WorkerName.InvalidWorkerName.class)
                .hasMessageContaining("no '.'");
        assertThatThrownBy(() -> WorkerName.account("bad!name")).isInstanceOf(WorkerName.InvalidWorkerName.class)
                .hasMessageContaining("invalid account");
        assertThatThrownBy(() -> WorkerName.account("")).isInstanceOf(WorkerName.InvalidWorkerName.class);
        assertThatThrownBy(() -> WorkerName.account(null)).isInstanceOf(WorkerName.InvalidWorkerName.class);
    }

    @Test
    void aStoredDeviceIdHasBothParts() {
        assertThat(WorkerName.ofDeviceId("carol.lucky")).isEqualTo(new WorkerName("carol", "lucky"));
        assertThatThrownBy(() -> WorkerName.ofDeviceId("carol")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerName.ofDeviceId("carol.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerName.ofDeviceId(".lucky")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkerName.ofDeviceId("c!.lucky")).isInstanceOf(IllegalArgumentException.class);
    }
}
