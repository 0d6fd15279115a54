package club.micromining.stratum.share;

/**
 * The miner-chosen parts of a share, decoded from {@code mining.submit}.
 *
 * @param extranonce2 the extranonce2 bytes
 * @param ntime       header time
 * @param nonce       header nonce
 * @param versionBits the rolled version bits (BIP 310), 0 when the miner sent none
 */
public record Submission(byte[] extranonce2, int ntime, int nonce, int versionBits) {
}
