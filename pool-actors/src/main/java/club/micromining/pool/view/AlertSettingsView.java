package club.micromining.pool.view;

/**
 * What an account's owner asked to be alerted of.
 *
 * @param silentMinutes 0 for no silent-device alerts
 * @param webhookUrl    null for none
 */
public record AlertSettingsView(int silentMinutes, boolean bestShare, String webhookUrl) {
    public static final AlertSettingsView OFF = new AlertSettingsView(0, false, null);
}
