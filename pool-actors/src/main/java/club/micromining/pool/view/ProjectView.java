package club.micromining.pool.view;

import java.util.List;

/**
 * A project the club was asked to fund, as members read it; in lists without its comments and votes.
 *
 * @param status        proposed, withdrawn, not-funded, funded (payment due or under way) or paid
 * @param votesFor      the tally's weight for (a decimal: sqrt weights of big miners pass 2^53), "0" before the tally
 * @param rank          its place in the round's tally, 0 before it
 * @param paymentHash   the funding's payment, once paid, with its preimage: the proof it was paid
 */
public record ProjectView(String id, String round, String author, String title, String description, long amountMsat, String recipient,
                          String status, long proposedAtMillis, String votesFor, String votesAgainst, int voters, int rank,
                          String paymentHash, String preimage, long feeMsat, long paidAtMillis, List<Comment> comments,
                          List<Vote> votes) {

    public record Comment(String account, String text, long atMillis) {
    }

    public record Vote(String account, boolean inFavour, long atMillis) {
    }

    public boolean open() {
        return "proposed".equals(status);
    }
}
