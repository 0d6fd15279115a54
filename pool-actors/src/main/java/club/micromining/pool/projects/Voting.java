package club.micromining.pool.projects;

import club.micromining.pool.raffle.Rounds;
import java.time.Duration;

/**
 * When and how the club votes on its projects: a window at the end of every round, only accounts with work
 * in the round (proof of work is the sybil guard), each account's vote weighing one, or the square root of
 * its round's hashes.
 *
 * @param window how long before the round's end voting opens (POOL_VOTING_WINDOW); the whole round if longer
 * @param quorum the fewest distinct voters a proposal needs to be funded (POOL_VOTING_QUORUM; 0: none)
 */
public record Voting(Rounds rounds, Duration window, Weight weight, int quorum) {

    public enum Weight {
        /** One account, one vote. */
        ONE,
        /** floor(sqrt(hashes of the round)): more work weighs more, but far less than linearly. */
        SQRT
    }

    /** A round's voting window, [start, end) in epoch milliseconds. */
    public record Window(String round, long startMillis, long endMillis) {
        public boolean open(long atMillis) {
            return atMillis >= startMillis && atMillis < endMillis;
        }
    }

    public Window window(String round) {
        long end = rounds.endOf(round);
        return new Window(round, Math.max(rounds.startOf(round), end - window.toMillis()), end);
    }

    /** The window of the round that {@code atMillis} falls in. */
    public Window windowAt(long atMillis) {
        return window(rounds.idOf(atMillis));
    }
}
