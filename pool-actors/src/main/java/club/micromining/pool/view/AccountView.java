package club.micromining.pool.view;

import java.util.List;

/**
 * A member account. Money, in msat: credited = balance + reserved (the payout in flight) + paid + fees.
 *
 * @param balanceMsat       credited and not yet paid or reserved
 * @param creditedMsat      credited all time
 * @param reservedMsat      held for the payout in flight
 * @param paidMsat          paid out over Lightning
 * @param feesMsat          routing fees of those payouts
 * @param payoutDestination a Lightning Address or node key, or null while none is set
 * @param claimed           whether a wallet has claimed the account (only then may a member change it)
 * @param payouts           the latest payouts, newest first
 */
public record AccountView(String account, List<DeviceView> devices, long balanceMsat, long creditedMsat, long reservedMsat,
                          long paidMsat, long feesMsat, String payoutDestination, boolean claimed,
                          List<PayoutView> payouts) {
    public AccountView {
        devices = List.copyOf(devices);
        payouts = List.copyOf(payouts);
    }
}
