package club.micromining.persistence.readmodel;

import java.util.List;

/**
 * One member account as the read side sees it.
 *
 * @param account      the account
 * @param devices      its devices
 * @param balanceMsat  credited and not yet paid, in millisatoshi
 * @param creditedMsat credited all time, in millisatoshi
 * @param reservedMsat held for the payout in flight
 * @param paidMsat     paid out over Lightning
 * @param feesMsat     routing fees of those payouts
 * @param destination  where payouts go, or null
 * @param payouts      the latest payouts, newest first
 */
public record AccountView(String account, List<DeviceView> devices, long balanceMsat, long creditedMsat, long reservedMsat,
                          long paidMsat, long feesMsat, String destination, List<PayoutView> payouts) {

    /**
     * @param paymentHash hex
     * @param status      IN_FLIGHT, SETTLED or FAILED
     * @param preimage    hex proof of payment once settled
     */
    public record PayoutView(String paymentHash, String destination, long amountMsat, Long feeMsat, String status,
                             String preimage, String reason, long requestedAt, Long finishedAt) {
    }

    /**
     * @param worker         worker name
     * @param online         connected and heard from within ten minutes
     * @param hashrate       hash rate windows
     * @param shares         accepted shares
     * @param difficulty     their credited difficulty
     * @param bestDifficulty best hash difficulty
     * @param lastShareAt    Unix milliseconds of the last share, 0 if none
     */
    public record DeviceView(String worker, boolean online, Hashrate hashrate, long shares, double difficulty,
                             double bestDifficulty, long lastShareAt) {
    }
}
