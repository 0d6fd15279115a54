package club.micromining.pool.view;

import java.time.Instant;
import java.util.List;

/**
 * The job miners are working on, decoded: what the pool asks them to hash, so anyone can check where a
 * block's reward would go.
 *
 * @param prevHash          the previous block's hash, as block explorers show it
 * @param bits              the network target, compact, hex
 * @param transactions      transactions besides the coinbase
 * @param feesSat           their fees
 * @param coinbaseValueSat  subsidy plus fees the coinbase claims
 * @param poolTag           the printable text of the coinbase's script
 * @param outputs           every coinbase output in order
 */
public record JobView(String jobId, long height, String prevHash, String version, String bits, double networkDifficulty,
                      Instant time, int transactions, long feesSat, long coinbaseValueSat, String poolTag, String coinbaseHex,
                      List<Output> outputs) {
    public JobView {
        outputs = List.copyOf(outputs);
    }

    /** LEDGER_ROOT: {@code OP_RETURN "MMSP" <the public ledger's latest tree root>}. */
    public enum Kind { PAYOUT, WITNESS_COMMITMENT, LEDGER_ROOT, OTHER }

    /** @param address the output's address on this network, or null when its script has none */
    public record Output(long valueSat, String scriptHex, String address, Kind kind) {
    }
}
