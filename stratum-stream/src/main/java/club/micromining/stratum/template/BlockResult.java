package club.micromining.stratum.template;

/**
 * What a template source said about a submitted block.
 *
 * @param blockHash display-order hash of the block
 * @param height    its height
 * @param accepted  whether the chain took it. bitcoind's {@code "duplicate"} counts: only this pool can have
 *                  sent a block with its coinbase (an earlier attempt that timed out, or a resubmission
 *                  after a restart). So does {@code "inconclusive"}: bitcoind stored the block as valid but
 *                  has not connected it to its best chain, so it may still go stale, as any accepted block
 *                  may; it is credited like one.
 * @param reason    null when accepted outright; otherwise bitcoind's word for it ({@code submitblock}'s
 *                  result, such as {@code "duplicate"}, {@code "inconclusive"} or a rejection reason)
 */
public record BlockResult(String blockHash, long height, boolean accepted, String reason) {
}
