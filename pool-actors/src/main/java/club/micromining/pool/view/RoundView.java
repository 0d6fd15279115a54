package club.micromining.pool.view;

import java.util.List;

/**
 * A round of the club: its span, its raffle (the tickets, live while it is open; the commitment and the
 * draw once closed, with the numbers anyone recomputes the winner from), its pot and its project fund.
 *
 * @param status          open, closed (ended, waiting for the seal), committed (waiting for the deciding block) or drawn
 * @param rafflePotMsat   the raffle pot: the draw's pot once drawn; while open, what the pot holds now
 * @param projectFundMsat what the project fund got from this round's work and donations so far
 * @param totalTickets    W, a decimal
 * @param difficulty      the round's accepted work so far, the sum of its shares' difficulties (a decimal)
 */
public record RoundView(String id, long startMillis, long endMillis, String status, String weighting, long rafflePotMsat,
                        long projectFundMsat, String totalTickets, String difficulty, List<Ticket> tickets, Commitment commitment,
                        Draw draw) {

    public record Ticket(String account, String tickets) {
    }

    public record Commitment(long seq, String ticketRoot, long tipHeight, long targetHeight) {
    }

    /** @param prize credited, waiting (for the winner to set a payout destination) or rolled-over */
    public record Draw(long seq, long height, String blockHash, String seed, int iterations, String winner, long potMsat,
                       int prizePercent, long prizeMsat, String prize) {
    }

    /** The same round without its ticket list, for lists of rounds. */
    public RoundView summary() {
        return new RoundView(id, startMillis, endMillis, status, weighting, rafflePotMsat, projectFundMsat, totalTickets, difficulty,
                List.of(), commitment, draw);
    }
}
