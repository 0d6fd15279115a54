package club.micromining.pool.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsTest {
    private static final long MIN = 60_000;
    private static final Alerts.Settings BOTH = new Alerts.Settings(30, true, null);

    @Test
    void aSilentDeviceIsReportedOnceUntilItMinesAgain() {
        long now = 1_000 * MIN;
        var quiet = List.of(new Alerts.DeviceStatus("bitaxe", now - 31 * MIN, 0), new Alerts.DeviceStatus("nerd", now - MIN, 0));
        Alerts.Outcome first = Alerts.check(BOTH, Alerts.State.EMPTY, quiet, now);
        assertThat(first.raised()).containsExactly(new Alerts.Alert(Alerts.Kind.DEVICE_SILENT, "bitaxe", 31, now));
        assertThat(first.changed()).isTrue();

        Alerts.Outcome again = Alerts.check(BOTH, first.state(), quiet, now + MIN);
        assertThat(again.raised()).isEmpty();
        assertThat(again.changed()).isFalse();

        var back = List.of(new Alerts.DeviceStatus("bitaxe", now + 2 * MIN, 0));
        Alerts.Outcome mining = Alerts.check(BOTH, again.state(), back, now + 2 * MIN);
        assertThat(mining.raised()).isEmpty();
        assertThat(mining.state().silent()).isEmpty();
        Alerts.Outcome silentAgain = Alerts.check(BOTH, mining.state(), back, now + 40 * MIN);
        assertThat(silentAgain.raised()).extracting(Alerts.Alert::kind).containsExactly(Alerts.Kind.DEVICE_SILENT);
    }

    @Test
    void aNewBestShareIsReportedButTheFirstLookOnlyLearns() {
        var before = List.of(new Alerts.DeviceStatus("bitaxe", 5, 1e9));
        Alerts.Outcome first = Alerts.check(BOTH, Alerts.State.EMPTY, before, 10);
        assertThat(first.raised()).isEmpty();
        assertThat(first.changed()).isTrue();
        assertThat(Alerts.check(BOTH, first.state(), before, 20).changed()).isFalse();
        Alerts.Outcome better = Alerts.check(BOTH, first.state(), List.of(new Alerts.DeviceStatus("bitaxe", 15, 4e9)), 20);
        assertThat(better.raised()).containsExactly(new Alerts.Alert(Alerts.Kind.NEW_BEST_SHARE, "bitaxe", 4e9, 20));
    }

    @Test
    void settingsOffRaiseNothing() {
        var devices = List.of(new Alerts.DeviceStatus("bitaxe", 1, 1e12));
        Alerts.Outcome o = Alerts.check(Alerts.Settings.OFF, Alerts.State.EMPTY, devices, 1_000 * MIN);
        assertThat(o.raised()).isEmpty();
        assertThat(o.changed()).isFalse();
    }
}
