package club.micromining.pool.alerts;

import club.micromining.pool.CborSerializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A member's alerts: a device silent for longer than the member allows, and a new best share. What to
 * raise is decided here, as a pure function of what was raised before and how the devices are now, so a
 * check delivered twice raises nothing twice.
 */
public final class Alerts {
    private Alerts() {
    }

    /**
     * What a member wants to hear about.
     *
     * @param silentMinutes a device that sent no share for this long is reported; 0 for never
     * @param bestShare     whether a device's new best share is reported
     * @param webhookUrl    where alerts are also POSTed as JSON, or null
     */
    public record Settings(int silentMinutes, boolean bestShare, String webhookUrl) implements CborSerializable {
        public static final Settings OFF = new Settings(0, false, null);

        public boolean any() {
            return silentMinutes > 0 || bestShare;
        }
    }

    public enum Kind { DEVICE_SILENT, NEW_BEST_SHARE }

    /**
     * One alert.
     *
     * @param value the best share's difficulty, or the minutes the device has been silent
     */
    public record Alert(Kind kind, String worker, double value, long atMillis) implements CborSerializable {
    }

    /** A device as the read side knows it when alerts are checked. */
    public record DeviceStatus(String worker, long lastShareAtMillis, double bestDifficulty) implements CborSerializable {
    }

    /**
     * What has been raised: the devices reported silent (until they mine again) and the best share each
     * device was last reported at (or first seen at, which is not reported).
     */
    public record State(Set<String> silent, Map<String, Double> best) implements CborSerializable {
        public static final State EMPTY = new State(Set.of(), Map.of());

        public State {
            silent = silent == null ? Set.of() : Set.copyOf(silent);
            best = best == null ? Map.of() : Map.copyOf(best);
        }
    }

    /** What a check raised, and the state after it; {@link #changed()} is false when there is nothing to persist. */
    public record Outcome(List<Alert> raised, State state, boolean changed) {
    }

    /** The alerts the devices call for now, each once. */
    public static Outcome check(Settings settings, State before, List<DeviceStatus> devices, long nowMillis) {
        Set<String> silent = new TreeSet<>(before.silent());
        Map<String, Double> best = new TreeMap<>(before.best());
        List<Alert> raised = new ArrayList<>();
        for (DeviceStatus d : devices) {
            if (settings.silentMinutes() > 0 && d.lastShareAtMillis() > 0) {
                long quietMillis = nowMillis - d.lastShareAtMillis();
                if (quietMillis >= settings.silentMinutes() * 60_000L) {
                    if (silent.add(d.worker())) {
                        raised.add(new Alert(Kind.DEVICE_SILENT, d.worker(), quietMillis / 60_000, nowMillis));
                    }
                } else {
                    silent.remove(d.worker());
                }
            }
            if (settings.bestShare() && d.bestDifficulty() > 0) {
                Double known = best.get(d.worker());
                if (known == null) {
                    // The first look only learns where the device stands; an old record is no news.
                    best.put(d.worker(), d.bestDifficulty());
                } else if (d.bestDifficulty() > known) {
                    best.put(d.worker(), d.bestDifficulty());
                    raised.add(new Alert(Kind.NEW_BEST_SHARE, d.worker(), d.bestDifficulty(), nowMillis));
                }
            }
        }
        State after = new State(silent, best);
        return new Outcome(raised, after, !after.equals(before));
    }
}
