package club.micromining.stratum.template;

/**
 * One non-coinbase transaction of a block template.
 *
 * @param data  the transaction as it goes into the block (with witness data, if any)
 * @param txid  its txid, internal byte order
 * @param wtxid its wtxid, internal byte order (equal to the txid for a transaction without witness)
 * @param fee   the fee it pays, in satoshi
 */
public record TemplateTransaction(byte[] data, byte[] txid, byte[] wtxid, long fee) {
}
