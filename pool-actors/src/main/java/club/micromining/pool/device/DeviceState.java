package club.micromining.pool.device;

import club.micromining.pool.CborSerializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a device entity knows: totals, best share, when it last mined, whether it is connected, work per
 * minute for the last hour (for hashrate), and the identities of its latest shares (a share is credited
 * at most once, even if something upstream let a duplicate through).
 *
 * @param shares           accepted shares, all time
 * @param difficultySum    their credited difficulty, all time
 * @param accruedMsat      what they earned, all time
 * @param bestDifficulty   the highest difficulty a hash of this device reached
 * @param lastShareAtMillis time of the last accepted share, 0 if none
 * @param connections      open connections of this device, as far as the journal knows
 * @param lastConnectedAtMillis time of the latest connection
 * @param minutes          credited difficulty per minute, last hour, oldest first
 * @param recentShares     identities of the latest shares, oldest first
 */
public record DeviceState(
        long shares,
        double difficultySum,
        long accruedMsat,
        double bestDifficulty,
        long lastShareAtMillis,
        int connections,
        long lastConnectedAtMillis,
        List<MinuteWork> minutes,
        List<String> recentShares) implements CborSerializable {

    /** Shares remembered for duplicate detection. */
    public static final int RECENT_SHARES = 64;
    private static final long MINUTE_MILLIS = 60_000;
    private static final int HOUR_MINUTES = 60;

    /**
     * A device counts as online while it has a connection and was heard from within this long: a node
     * that crashed never wrote its devices' disconnections.
     */
    public static final long ONLINE_WITHIN_MILLIS = 10 * MINUTE_MILLIS;

    public static final DeviceState EMPTY = new DeviceState(0, 0, 0, 0, 0, 0, 0, List.of(), List.of());

    /** Credited difficulty in one minute (Unix minute number). */
    public record MinuteWork(long minute, double difficulty) implements CborSerializable {
    }

    public boolean online(long nowMillis) {
        return online(connections, lastShareAtMillis, lastConnectedAtMillis, nowMillis);
    }

    /** The one rule for a device being online, for the entity and for the read side's rows alike. */
    public static boolean online(int connections, long lastShareAtMillis, long lastConnectedAtMillis, long nowMillis) {
        return connections > 0 && nowMillis - Math.max(lastShareAtMillis, lastConnectedAtMillis) < ONLINE_WITHIN_MILLIS;
    }

    public boolean hasShare(String identity) {
        return recentShares.contains(identity);
    }

    DeviceState withShare(ShareRecord share) {
        long minute = share.acceptedAtMillis() / MINUTE_MILLIS;
        List<MinuteWork> m = new ArrayList<>(minutes.size() + 1);
        for (MinuteWork w : minutes) {
            if (w.minute() >= minute - HOUR_MINUTES && w.minute() != minute) {
                m.add(w);
            }
        }
        double thisMinute = minutes.stream().filter(w -> w.minute() == minute).mapToDouble(MinuteWork::difficulty).sum();
        m.add(new MinuteWork(minute, thisMinute + share.difficulty()));
        m.sort((a, b) -> Long.compare(a.minute(), b.minute()));

        List<String> recent = new ArrayList<>(recentShares.size() + 1);
        recent.addAll(recentShares.size() >= RECENT_SHARES ? recentShares.subList(1, recentShares.size()) : recentShares);
        recent.add(share.identity());

        return new DeviceState(shares + 1, difficultySum + share.difficulty(), accruedMsat + share.accrualMsat(),
                bestDifficulty, Math.max(lastShareAtMillis, share.acceptedAtMillis()), connections, lastConnectedAtMillis,
                List.copyOf(m), List.copyOf(recent));
    }

    DeviceState withBest(double difficulty) {
        return new DeviceState(shares, difficultySum, accruedMsat, Math.max(bestDifficulty, difficulty), lastShareAtMillis,
                connections, lastConnectedAtMillis, minutes, recentShares);
    }

    DeviceState connected(long atMillis) {
        return new DeviceState(shares, difficultySum, accruedMsat, bestDifficulty, lastShareAtMillis, connections + 1,
                Math.max(lastConnectedAtMillis, atMillis), minutes, recentShares);
    }

    DeviceState disconnected() {
        return new DeviceState(shares, difficultySum, accruedMsat, bestDifficulty, lastShareAtMillis,
                Math.max(0, connections - 1), lastConnectedAtMillis, minutes, recentShares);
    }

    /**
     * Estimated hash rate over the last {@code windowMinutes} complete minutes before {@code nowMillis}
     * (the minute under way would bias it low): credited difficulty * 2^32 per second.
     */
    public double hashrate(int windowMinutes, long nowMillis) {
        long now = nowMillis / MINUTE_MILLIS;
        double work = 0;
        for (MinuteWork w : minutes) {
            if (w.minute() >= now - windowMinutes && w.minute() < now) {
                work += w.difficulty();
            }
        }
        return work * 0x1p32 / (windowMinutes * 60.0);
    }
}
