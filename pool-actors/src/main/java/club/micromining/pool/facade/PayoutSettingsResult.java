package club.micromining.pool.facade;

/** What became of a member's new payout destination and threshold. */
public sealed interface PayoutSettingsResult {

    /** Stored: payouts go there from the next cycle. */
    record Saved(String account, String destination, long thresholdMsat) implements PayoutSettingsResult {
    }

    /** Not stored, and why (a sentence for the member). */
    record Refused(String reason) implements PayoutSettingsResult {
    }
}
