package club.micromining.stratum.template;

/**
 * What a template source said about a submitted block.
 *
 * @param blockHash display-order hash of the block
 * @param height    its height
 * @param accepted  whether the chain took it
 * @param reason    null when accepted, otherwise the chain's reason (as bitcoind's {@code submitblock} words it)
 */
public record BlockResult(String blockHash, long height, boolean accepted, String reason) {
}
