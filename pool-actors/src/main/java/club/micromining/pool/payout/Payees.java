package club.micromining.pool.payout;

import club.micromining.pool.member.MemberState;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;

/**
 * Whom the pool pays, as the {@link PayoutService} sees them: members' balances, and projects the club
 * funded. Each kind keeps its payouts in its own entity, which persists a payout before it is sent and its
 * outcome once known; the service is the one path both are paid by.
 */
public interface Payees {

    /** Names the kind in logs and keeps its back-off apart: {@code member}, {@code project}. */
    String kind();

    /** Who may have something to pay or to reconcile. */
    CompletionStage<List<String>> candidates();

    CompletionStage<Owed> owed(String id);

    /** Persists the payout as decided; acknowledged before anything is sent. */
    CompletionStage<StatusReply<Done>> request(String id, MemberState.Payout payout);

    CompletionStage<StatusReply<Done>> record(String id, String paymentHash, boolean settled, String preimage, long feeMsat, String reason);

    /**
     * What a payee is owed now.
     *
     * @param inFlight      a payout sent and not yet settled or failed (reconciled, never sent again); or null
     * @param destination   where a new payout goes (null: nothing to pay)
     * @param amountMsat    what a new payout pays
     * @param feeBudgetMsat the most its routing may cost
     */
    record Owed(MemberState.Payout inFlight, String destination, long amountMsat, long feeBudgetMsat) {
        public static final Owed NOTHING = new Owed(null, null, 0, 0);

        public static Owed inFlight(MemberState.Payout p) {
            return new Owed(p, null, 0, 0);
        }

        public boolean due() {
            return inFlight == null && destination != null && amountMsat > 0;
        }
    }
}
