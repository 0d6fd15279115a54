package club.micromining.pool.facade;

/** What became of a member's request to claim an account. */
public sealed interface ClaimResult {

    /** The code to put in a miner's Stratum password; it binds the account until {@code expiresAtMillis}. */
    record Issued(String account, String code, long expiresAtMillis) implements ClaimResult {
    }

    /** Refused, and why (a sentence for the member). */
    record Refused(String reason) implements ClaimResult {
    }
}
