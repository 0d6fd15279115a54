package club.micromining.stratum.template;

/**
 * The verdict on a block found before the pool last stopped, heard only after it started again.
 *
 * @param result   bitcoind's verdict
 * @param finder   the {@code account.worker} whose share solved it
 * @param template the header fields and coinbase value it was built on (its transactions are not kept)
 */
public record RecoveredBlock(BlockResult result, String finder, BlockTemplate template) {
}
