package club.micromining.stratum.template;

import java.util.List;

/**
 * What a template source offers to be mined on: everything but the coinbase.
 *
 * @param height            the height of the block to be mined
 * @param prevHash          the previous block's hash, internal byte order
 * @param version           the block version
 * @param bits              the network target in compact form
 * @param curtime           the time to put into the header (seconds)
 * @param coinbaseValue     subsidy plus fees the coinbase may claim, in satoshi
 * @param transactions      the block's other transactions in order
 * @param witnessCommitment the coinbase output script committing to the witnesses, or null for a
 *                          template without witness data
 * @param newBlock          true when this template starts a new block (jobs before it are stale)
 */
public record BlockTemplate(
        long height,
        byte[] prevHash,
        int version,
        int bits,
        int curtime,
        long coinbaseValue,
        List<TemplateTransaction> transactions,
        byte[] witnessCommitment,
        boolean newBlock) {

    public BlockTemplate {
        transactions = List.copyOf(transactions);
    }
}
