package club.micromining.pool.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A block the pool submitted, with the chain's verdict and, where found blocks are divided (PPLNS,
 * SOLO), how its value was divided.
 *
 * @param finder {@code account.worker} whose share solved it
 * @param reason the chain's reason when it refused the block
 * @param reward the division; null under FPPS (shares were paid as they came) or while it is pending
 */
public record BlockView(String hash, long height, String finder, boolean accepted, String reason, Instant foundAt,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Reward reward) {

    /**
     * @param scheme            the payment scheme that divided it
     * @param window            the work window ({@code "2x = 5000"}, {@code "finder"})
     * @param countedDifficulty work the division was made over (a decimal string: exact)
     * @param toReserveMsat     rounding remainder, to the reserve
     * @param credits           per account: its accrual and the member's part of it
     */
    public record Reward(String scheme, long valueMsat, String window, String countedDifficulty,
                         long toReserveMsat, Instant distributedAt, List<Credit> credits) {
        public Reward {
            credits = List.copyOf(credits);
        }
    }

    public record Credit(String account, long accrualMsat, long memberMsat) {
    }

    /** The list as the API answers it: {@code {"blocks": [...]}}. */
    public record Listed(List<BlockView> blocks) {
        public Listed {
            blocks = List.copyOf(blocks);
        }
    }
}
