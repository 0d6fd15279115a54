package club.micromining.pool.facade;

import club.micromining.pool.view.AlertSettingsView;

/** What became of a member's alert settings. */
public sealed interface AlertSettingsResult {

    record Saved(String account, AlertSettingsView settings) implements AlertSettingsResult {
    }

    /** Refused, and why (a sentence for the member). */
    record Refused(String reason) implements AlertSettingsResult {
    }
}
