package club.micromining.pool.member;

import club.micromining.pool.CborSerializable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A member account: its devices, its balance and how it wants to be paid.
 *
 * @param devices      worker names seen for this account
 * @param balanceMsat  credited and not yet paid out, in millisatoshi
 * @param creditedUpTo per device, the sequence number of the last device event credited, so a credit
 *                     delivered twice is applied once
 * @param payout       payout destination and threshold
 */
public record MemberState(
        Set<String> devices,
        long balanceMsat,
        Map<String, Long> creditedUpTo,
        PayoutSettings payout) implements CborSerializable {

    public static final MemberState EMPTY = new MemberState(Set.of(), 0, Map.of(), PayoutSettings.NONE);

    /**
     * Where and when a member is paid. Set through the Lightning payouts (a later step); until then no
     * destination is set and balances accumulate.
     *
     * @param destination   Lightning Address or node pubkey, or null
     * @param thresholdMsat balance that triggers a payout
     */
    public record PayoutSettings(String destination, long thresholdMsat) implements CborSerializable {
        public static final PayoutSettings NONE = new PayoutSettings(null, 100_000_000L);
    }

    public boolean alreadyCredited(String device, long deviceSeqNr) {
        return creditedUpTo.getOrDefault(device, 0L) >= deviceSeqNr;
    }

    MemberState credited(List<MemberEntity.Credit> credits) {
        Map<String, Long> upTo = new TreeMap<>(creditedUpTo);
        Set<String> d = new TreeSet<>(devices);
        long balance = balanceMsat;
        for (MemberEntity.Credit c : credits) {
            upTo.merge(c.worker(), c.upToDeviceSeqNr(), Math::max);
            d.add(c.worker());
            balance = Math.addExact(balance, c.msat());
        }
        return new MemberState(Set.copyOf(d), balance, Map.copyOf(upTo), payout);
    }
}
