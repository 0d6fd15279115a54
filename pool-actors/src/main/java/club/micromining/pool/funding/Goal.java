package club.micromining.pool.funding;

/**
 * The funding goal's arithmetic: what the round will gather at the pool's current hash rate, and what hash
 * rate would gather the goal. Shown only (estimates in doubles); what is gathered is counted in msat.
 */
public final class Goal {
    /** A BitAxe's hash rate, to say a goal's hash rate in devices (a Gamma hashes about 1.2 TH/s, an Ultra 0.5). */
    public static final double BITAXE_HASHRATE = 1.0e12;

    private Goal() {
    }

    /**
     * @param raisedMsat    what the project fund and the raffle pot got this round so far
     * @param difficultySum the round's accepted work so far, in share difficulty (hashes / 2^32)
     * @param hashrate      the pool's hash rate now, H/s
     * @param secondsLeft   until the round's end
     */
    public static long estimateMsat(long raisedMsat, double difficultySum, double hashrate, double secondsLeft) {
        if (difficultySum <= 0 || hashrate <= 0) {
            return raisedMsat;
        }
        return raisedMsat + (long) Math.floor(raisedMsat / difficultySum * hashrate * secondsLeft / 0x1p32);
    }

    /** The hash rate that would reach {@code goalMsat} by the round's end at what a hash has earned so far; 0 if reached, -1 if unknown. */
    public static double hashrateFor(long goalMsat, long raisedMsat, double difficultySum, double secondsLeft) {
        if (raisedMsat >= goalMsat) {
            return 0;
        }
        if (difficultySum <= 0 || raisedMsat <= 0 || secondsLeft <= 0) {
            return -1;
        }
        double msatPerHash = raisedMsat / (difficultySum * 0x1p32);
        return (goalMsat - raisedMsat) / msatPerHash / secondsLeft;
    }
}
