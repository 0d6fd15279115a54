package club.micromining.pool.view;

import java.time.Instant;

/**
 * One Lightning payout to a member.
 *
 * @param paymentHash hex
 * @param feeMsat     routing fee once settled, else null
 * @param status      IN_FLIGHT, SETTLED or FAILED
 * @param preimage    hex proof of payment once settled
 * @param reason      why it failed
 * @param finishedAt  when it settled or failed, null while in flight
 */
public record PayoutView(String paymentHash, String destination, long amountMsat, Long feeMsat, String status, String preimage,
                         String reason, Instant requestedAt, Instant finishedAt) {
}
