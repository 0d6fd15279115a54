package club.micromining.pool.view;

/**
 * This month's funding goal: what the project fund and the raffle pot got against the club's goal.
 *
 * @param month           UTC month, {@code 2026-12}
 * @param projectFundMsat what the project fund got this month (split parts and donations)
 * @param rafflePotMsat   what the raffle pot got this month
 * @param goalEur         the club's monthly goal in euros
 * @param goalMsat        the goal at the configured euro rate
 * @param eurPerBtc       that rate
 * @param estimateMsat    what both will hold at the month's end if the pool keeps its current hash rate
 */
public record FundingGoalView(String month, long projectFundMsat, long rafflePotMsat, long goalEur, long goalMsat, long eurPerBtc,
                              long estimateMsat) {

    public long raisedMsat() {
        return projectFundMsat + rafflePotMsat;
    }

    /** Raised against the goal, in per mille (1000 = reached), for a progress bar. */
    public long perMille() {
        return goalMsat <= 0 ? 0 : Math.min(1000, raisedMsat() * 1000 / goalMsat);
    }
}
