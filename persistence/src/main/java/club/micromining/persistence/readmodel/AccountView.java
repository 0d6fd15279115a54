package club.micromining.persistence.readmodel;

import java.util.List;

/**
 * One member account as the read side sees it.
 *
 * @param account      the account
 * @param devices      its devices
 * @param balanceMsat  credited and not yet paid, in millisatoshi
 * @param creditedMsat credited all time, in millisatoshi
 * @param payouts      Lightning payouts (none until payouts exist)
 */
public record AccountView(String account, List<DeviceView> devices, long balanceMsat, long creditedMsat, List<Object> payouts) {

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
