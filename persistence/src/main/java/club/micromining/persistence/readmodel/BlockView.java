package club.micromining.persistence.readmodel;

import java.util.List;

/**
 * A block the pool submitted, with the chain's verdict and, under PPLNS or SOLO, how its value was divided.
 *
 * @param reward null under FPPS (shares were paid as they came) or while the division is pending
 */
public record BlockView(String hash, long height, String finder, boolean accepted, String reason, long foundAt, Reward reward) {

    /**
     * @param undistributedMsat rounding remainder, to the reserve
     * @param credits           per account: its accrual and the member's part of it
     */
    public record Reward(String scheme, long valueMsat, String window, String countedDifficulty, long undistributedMsat,
                         long distributedAt, List<Credit> credits) {
    }

    public record Credit(String account, long accrualMsat, long memberMsat) {
    }
}
