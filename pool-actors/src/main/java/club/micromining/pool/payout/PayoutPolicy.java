package club.micromining.pool.payout;

import java.time.Duration;

/**
 * When and how members are paid.
 *
 * @param cycleInterval    how often balances are looked at
 * @param payoutInterval   a balance below the member's threshold is still paid after this long
 * @param minimumMsat      nothing smaller is ever paid
 * @param feeBudgetPpm     routing fees a payout may cost, in millionths of its amount...
 * @param minFeeBudgetMsat ...but at least this much
 * @param parallelism      payouts under way at once
 * @param paymentTimeout   how long a payment is waited for before it is left to the reconciliation
 * @param backoffBase      pause after a destination failed, doubled per failure...
 * @param backoffMax       ...up to this
 */
public record PayoutPolicy(
        Duration cycleInterval,
        Duration payoutInterval,
        long minimumMsat,
        long feeBudgetPpm,
        long minFeeBudgetMsat,
        int parallelism,
        Duration paymentTimeout,
        Duration backoffBase,
        Duration backoffMax) {

    /** The fee budget for paying out a balance. */
    public long feeBudget(long balanceMsat) {
        return Math.max(minFeeBudgetMsat, balanceMsat / 1_000_000 * feeBudgetPpm + balanceMsat % 1_000_000 * feeBudgetPpm / 1_000_000);
    }

    /** What a balance pays out: the balance less the fee budget, in whole satoshi (what wallets accept). */
    public long amount(long balanceMsat) {
        long a = balanceMsat - feeBudget(balanceMsat);
        return a <= 0 ? 0 : a / 1000 * 1000;
    }
}
