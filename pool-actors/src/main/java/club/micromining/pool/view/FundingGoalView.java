package club.micromining.pool.view;

import club.micromining.pool.funding.Goal;

/**
 * This round's funding goal: what the project fund and the raffle pot got against the club's goal.
 *
 * @param round           the round, {@code 2026-12}
 * @param roundEndMillis  when it ends
 * @param projectFundMsat what the project fund got this round (split parts and donations)
 * @param rafflePotMsat   what the raffle pot holds for this round's draw
 * @param goalEur         the club's goal per round in euros
 * @param goalMsat        the goal at the current euro rate
 * @param eurPerBtc       that rate
 * @param estimateMsat    what both will hold at the round's end if the pool keeps its current hash rate
 * @param hashrateForGoal the pool hash rate (H/s) that would reach the goal by the round's end; 0 reached, -1 unknown
 */
public record FundingGoalView(String round, long roundEndMillis, long projectFundMsat, long rafflePotMsat, long goalEur, long goalMsat,
                              long eurPerBtc, long estimateMsat, double hashrateForGoal) {

    public long raisedMsat() {
        return projectFundMsat + rafflePotMsat;
    }

    /** Raised against the goal, in per mille (1000 = reached), for a progress bar. */
    public long perMille() {
        return goalMsat <= 0 ? 0 : Math.min(1000, raisedMsat() * 1000 / goalMsat);
    }

    /** How many BitAxes of about a terahash each would bring the goal's hash rate; -1 unknown. */
    public long bitaxesForGoal() {
        return hashrateForGoal < 0 ? -1 : (long) Math.ceil(hashrateForGoal / Goal.BITAXE_HASHRATE);
    }
}
