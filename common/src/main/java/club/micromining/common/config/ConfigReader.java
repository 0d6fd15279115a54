package club.micromining.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;

/**
 * Reads settings out of HOCON, turning every missing, mistyped or out-of-range value into a
 * {@link SettingsException} that names the setting and its environment variable.
 */
public final class ConfigReader {
    private final Config config;

    public ConfigReader(Config config) {
        this.config = config;
    }

    public String string(String path, String env) {
        try {
            return config.getString(path);
        } catch (ConfigException e) {
            throw new SettingsException(path, env, problem(e));
        }
    }

    public boolean bool(String path, String env) {
        try {
            return config.getBoolean(path);
        } catch (ConfigException e) {
            throw new SettingsException(path, env, problem(e));
        }
    }

    public int integer(String path, String env, int min, int max) {
        int v;
        try {
            v = config.getInt(path);
        } catch (ConfigException e) {
            throw new SettingsException(path, env, problem(e));
        }
        if (v < min || v > max) {
            throw new SettingsException(path, env, "must be between " + min + " and " + max + ", was " + v);
        }
        return v;
    }

    public double positive(String path, String env) {
        double v;
        try {
            v = config.getDouble(path);
        } catch (ConfigException e) {
            throw new SettingsException(path, env, problem(e));
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new SettingsException(path, env, "must be a positive number, was " + v);
        }
        return v;
    }

    public long positiveLong(String path, String env) {
        long v;
        try {
            v = config.getLong(path);
        } catch (ConfigException e) {
            throw new SettingsException(path, env, problem(e));
        }
        if (v <= 0) {
            throw new SettingsException(path, env, "must be a positive whole number, was " + v);
        }
        return v;
    }

    /** A positive number, or {@code "auto"} (returned as {@code fallback}). */
    public double positiveOrAuto(String path, String env, double fallback) {
        String raw = string(path, env).trim();
        if (raw.equalsIgnoreCase("auto")) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(raw);
            if (v > 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SettingsException(path, env, "must be a positive number or \"auto\", was \"" + raw + "\"");
    }

    public Duration duration(String path, String env, Duration min) {
        Duration d;
        try {
            d = config.getDuration(path);
        } catch (ConfigException e) {
            throw new SettingsException(path, env, problem(e));
        }
        if (d.compareTo(min) < 0) {
            throw new SettingsException(path, env, "must be at least " + min.toMillis() + " ms, was " + d.toMillis() + " ms");
        }
        return d;
    }

    /** A 32-bit value written in hex, such as a version mask. */
    public int hex32(String path, String env) {
        String raw = string(path, env).trim();
        try {
            if (!raw.isEmpty() && raw.length() <= 8) {
                return Integer.parseUnsignedInt(raw, 16);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SettingsException(path, env, "must be up to 8 hex digits, was \"" + raw + "\"");
    }

    /** Config's message without the file and line it starts with. */
    private static String problem(ConfigException e) {
        String m = e.getMessage();
        int colon = m.lastIndexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }
}
