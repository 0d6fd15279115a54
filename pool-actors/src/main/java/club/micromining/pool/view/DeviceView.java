package club.micromining.pool.view;

import java.time.Instant;

/**
 * One device of an account.
 *
 * @param worker         the device's worker name
 * @param online         connected and heard from lately
 * @param shares         accepted shares
 * @param difficulty     their credited difficulty
 * @param bestDifficulty the highest difficulty a hash of this device reached
 * @param lastShareAt    its last accepted share, null if none
 */
public record DeviceView(String worker, boolean online, HashrateView hashrate, long shares, double difficulty,
                         double bestDifficulty, Instant lastShareAt) {
}
