package club.micromining.stratum.job;

import java.util.Arrays;

/**
 * What the pool puts into every coinbase besides the template's value: where the reward goes, the
 * pool's tag, and how much extranonce space there is.
 *
 * @param payoutScript    output script of the payout address (checked against the network before)
 * @param poolTag         bytes the pool signs its coinbases with
 * @param extranonce1Size bytes the pool assigns per connection
 * @param extranonce2Size bytes the miner rolls
 */
public record CoinbaseLayout(byte[] payoutScript, byte[] poolTag, int extranonce1Size, int extranonce2Size) {
    /** Consensus limit on the coinbase scriptSig. */
    public static final int MAX_SCRIPT_SIG = 100;
    /** Room a BIP34 height push takes at most, plus the extranonce push opcode. */
    private static final int HEIGHT_AND_PUSH = 6;

    public CoinbaseLayout {
        if (extranonce1Size < 1 || extranonce1Size > 16 || extranonce2Size < 2 || extranonce2Size > 16) {
            throw new IllegalArgumentException("extranonce sizes must be 1..16 (extranonce1) and 2..16 (extranonce2)");
        }
        if (payoutScript.length == 0) {
            throw new IllegalArgumentException("a payout script is required");
        }
        int room = MAX_SCRIPT_SIG - HEIGHT_AND_PUSH - extranonce1Size - extranonce2Size - 2;
        if (poolTag.length > room) {
            throw new IllegalArgumentException("pool tag is " + poolTag.length + " bytes; at most " + room + " fit the coinbase");
        }
        payoutScript = Arrays.copyOf(payoutScript, payoutScript.length);
        poolTag = Arrays.copyOf(poolTag, poolTag.length);
    }
}
