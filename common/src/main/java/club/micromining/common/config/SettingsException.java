package club.micromining.common.config;

/** A setting that stops start-up; the message names it and its environment variable. */
public final class SettingsException extends RuntimeException {
    public SettingsException(String path, String env, String problem) {
        super("setting " + path + " (environment variable " + env + "): " + problem);
    }
}
