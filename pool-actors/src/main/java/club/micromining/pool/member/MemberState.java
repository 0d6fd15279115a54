package club.micromining.pool.member;

import club.micromining.pool.CborSerializable;
import club.micromining.pool.alerts.Alerts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A member account: its devices, its balance and how it is paid.
 *
 * <p>Money, all in millisatoshi: what was credited = balance + the payout in flight (amount and fee
 * budget, reserved) + paid + fees. A payout reserves its amount and fee budget when it is requested;
 * when it settles, the unused fee budget comes back; when it fails, all of it does.
 *
 * @param devices        worker names seen for this account
 * @param balanceMsat    credited and not paid, not reserved
 * @param creditedUpTo   per device, the sequence number of the last device event credited, so a credit
 *                       delivered twice is applied once
 * @param payout         payout destination and threshold
 * @param inFlight       the payout requested and not yet settled or failed, or null
 * @param paidMsat       paid out, all time
 * @param feesMsat       routing fees of those payouts, all time
 * @param lastPayoutAtMillis when the last payout settled
 * @param firstCreditAtMillis when the account was first credited
 * @param rewardsCreditedUpTo per source of block rewards (a node's divisions), the sequence number of
 *                       the last division credited
 */
public record MemberState(
        Set<String> devices,
        long balanceMsat,
        Map<String, Long> creditedUpTo,
        PayoutSettings payout,
        Payout inFlight,
        long paidMsat,
        long feesMsat,
        long lastPayoutAtMillis,
        long firstCreditAtMillis,
        Map<String, Long> rewardsCreditedUpTo,
        Ownership ownership,
        Preferences preferences) implements CborSerializable {

    public static final MemberState EMPTY = new MemberState(Set.of(), 0, Map.of(), PayoutSettings.NONE, null, 0, 0, 0, 0, Map.of(),
            Ownership.NONE, Preferences.NONE);

    public MemberState {
        // Snapshots written before block rewards, claims or alerts existed have no such fields.
        rewardsCreditedUpTo = rewardsCreditedUpTo == null ? Map.of() : rewardsCreditedUpTo;
        ownership = ownership == null ? Ownership.NONE : ownership;
        preferences = preferences == null ? Preferences.NONE : preferences;
    }

    /**
     * What the owner chose besides payouts.
     *
     * @param alerts      what to be alerted of
     * @param alertState  what has been raised
     * @param watcherHash the hash of the account's read-only watcher link, or null when there is none
     */
    public record Preferences(Alerts.Settings alerts, Alerts.State alertState, String watcherHash) implements CborSerializable {
        public static final Preferences NONE = new Preferences(Alerts.Settings.OFF, Alerts.State.EMPTY, null);

        public Preferences {
            alerts = alerts == null ? Alerts.Settings.OFF : alerts;
            alertState = alertState == null ? Alerts.State.EMPTY : alertState;
        }
    }

    MemberState withPreferences(Preferences p) {
        return new MemberState(devices, balanceMsat, creditedUpTo, payout, inFlight, paidMsat, feesMsat, lastPayoutAtMillis,
                firstCreditAtMillis, rewardsCreditedUpTo, ownership, p);
    }

    /**
     * Which wallet the account belongs to, and the claim codes wallets asked for and no miner has used yet.
     * Several wallets may wait at once, so nobody can cancel another's claim by asking for a code.
     *
     * @param boundKey the linking key that claimed it, or null while nobody has
     * @param pending  the codes waiting, at most {@link #MAX_PENDING}, one per wallet
     */
    public record Ownership(String boundKey, List<PendingClaim> pending) implements CborSerializable {
        public static final Ownership NONE = new Ownership(null, List.of());
        static final int MAX_PENDING = 16;

        public Ownership {
            pending = pending == null ? List.of() : List.copyOf(pending);
        }

        public boolean claimed() {
            return boundKey != null;
        }

        /** With this wallet's new code in place of its old one; codes expired by then, and the oldest beyond the cap, dropped. */
        Ownership withPending(PendingClaim claim, long nowMillis) {
            List<PendingClaim> kept = new ArrayList<>();
            for (PendingClaim p : pending) {
                if (!p.linkingKey().equals(claim.linkingKey()) && p.expiresAtMillis() >= nowMillis) {
                    kept.add(p);
                }
            }
            kept.add(claim);
            return new Ownership(boundKey, kept.subList(Math.max(0, kept.size() - MAX_PENDING), kept.size()));
        }

        /** The waiting claim this code belongs to, if it has not expired at {@code atMillis}. */
        Optional<PendingClaim> match(String codeHash, long atMillis) {
            return pending.stream().filter(p -> p.codeHash().equals(codeHash) && atMillis <= p.expiresAtMillis()).findFirst();
        }
    }

    /** A claim code a wallet asked for (its hash only), binding until {@code expiresAtMillis}. */
    public record PendingClaim(String linkingKey, String codeHash, long expiresAtMillis) implements CborSerializable {
    }

    MemberState withOwnership(Ownership o) {
        return new MemberState(devices, balanceMsat, creditedUpTo, payout, inFlight, paidMsat, feesMsat, lastPayoutAtMillis,
                firstCreditAtMillis, rewardsCreditedUpTo, o, preferences);
    }

    public boolean payoutInFlight() {
        return inFlight != null;
    }

    /** Since when the payout interval counts: the last payout, or the first credit for a member never paid. */
    public long payoutIntervalStartMillis() {
        return lastPayoutAtMillis > 0 ? lastPayoutAtMillis : firstCreditAtMillis;
    }

    /**
     * Where and when a member is paid.
     *
     * @param destination   a Lightning Address ({@code name@domain}) or a node public key (66 hex digits), or null
     * @param thresholdMsat balance that triggers a payout
     */
    public record PayoutSettings(String destination, long thresholdMsat) implements CborSerializable {
        public static final PayoutSettings NONE = new PayoutSettings(null, 100_000_000L);
    }

    /**
     * A payout as it was decided, before it was sent: the invoice (or keysend preimage) and its hash are
     * fixed here, so after a crash the same payment is looked up, never a new one made.
     *
     * @param paymentHash    hex
     * @param amountMsat     to the member
     * @param feeBudgetMsat  most it may cost in routing fees
     * @param destination    where it goes
     * @param bolt11         the invoice, for a Lightning Address; null for keysend
     * @param keysendPreimage hex, for keysend; null for an invoice
     * @param requestedAtMillis when it was decided
     */
    public record Payout(String paymentHash, long amountMsat, long feeBudgetMsat, String destination, String bolt11,
                         String keysendPreimage, long requestedAtMillis) implements CborSerializable {

        /** The fee a settled payout is charged: what the node reports, never below zero nor above the budget. */
        public long chargedFee(long reportedFeeMsat) {
            return Math.min(Math.max(0, reportedFeeMsat), feeBudgetMsat);
        }
    }

    /** All that was ever credited: what the balance, the reservation, the payouts and their fees add up to. */
    public long creditedMsat() {
        long reserved = inFlight == null ? 0 : inFlight.amountMsat() + inFlight.feeBudgetMsat();
        return balanceMsat + reserved + paidMsat + feesMsat;
    }

    public boolean alreadyCredited(String device, long deviceSeqNr) {
        return creditedUpTo.getOrDefault(device, 0L) >= deviceSeqNr;
    }

    public boolean rewardAlreadyCredited(String source, long seqNr) {
        return rewardsCreditedUpTo.getOrDefault(source, 0L) >= seqNr;
    }

    MemberState rewardsCredited(String source, long upToSeqNr, long msat, long atMillis) {
        Map<String, Long> upTo = new TreeMap<>(rewardsCreditedUpTo);
        upTo.merge(source, upToSeqNr, Math::max);
        return new MemberState(devices, Math.addExact(balanceMsat, msat), creditedUpTo, payout, inFlight, paidMsat, feesMsat,
                lastPayoutAtMillis, firstCreditAtMillis == 0 ? atMillis : firstCreditAtMillis, Map.copyOf(upTo), ownership, preferences);
    }

    MemberState credited(List<MemberEntity.Credit> credits, long atMillis) {
        Map<String, Long> upTo = new TreeMap<>(creditedUpTo);
        Set<String> d = new TreeSet<>(devices);
        long balance = balanceMsat;
        for (MemberEntity.Credit c : credits) {
            upTo.merge(c.worker(), c.upToDeviceSeqNr(), Math::max);
            d.add(c.worker());
            balance = Math.addExact(balance, c.msat());
        }
        return new MemberState(Set.copyOf(d), balance, Map.copyOf(upTo), payout, inFlight, paidMsat, feesMsat,
                lastPayoutAtMillis, firstCreditAtMillis == 0 ? atMillis : firstCreditAtMillis, rewardsCreditedUpTo, ownership, preferences);
    }

    MemberState withPayoutSettings(PayoutSettings settings) {
        return new MemberState(devices, balanceMsat, creditedUpTo, settings, inFlight, paidMsat, feesMsat, lastPayoutAtMillis,
                firstCreditAtMillis, rewardsCreditedUpTo, ownership, preferences);
    }

    MemberState requested(Payout p) {
        return new MemberState(devices, balanceMsat - p.amountMsat() - p.feeBudgetMsat(), creditedUpTo, payout, p, paidMsat,
                feesMsat, lastPayoutAtMillis, firstCreditAtMillis, rewardsCreditedUpTo, ownership, preferences);
    }

    MemberState settled(long feeMsat, long atMillis) {
        Payout p = inFlight;
        return new MemberState(devices, balanceMsat + p.feeBudgetMsat() - feeMsat, creditedUpTo, payout, null,
                paidMsat + p.amountMsat(), feesMsat + feeMsat, atMillis, firstCreditAtMillis, rewardsCreditedUpTo, ownership, preferences);
    }

    MemberState failed() {
        Payout p = inFlight;
        return new MemberState(devices, balanceMsat + p.amountMsat() + p.feeBudgetMsat(), creditedUpTo, payout, null, paidMsat,
                feesMsat, lastPayoutAtMillis, firstCreditAtMillis, rewardsCreditedUpTo, ownership, preferences);
    }
}
