package club.micromining.stratum.share;

import java.math.BigInteger;

/**
 * A share the pool accepted, as it is recorded and credited. The identity fields (job, both
 * extranonces, ntime, nonce, version) make it unique: job ids and extranonce1 values are never reused.
 *
 * @param account        the member account
 * @param worker         the device's worker name
 * @param jobId          the job id the miner submitted under
 * @param height         block height the job was for
 * @param difficulty     the difficulty the share is credited at (its target when the job was sent)
 * @param hashDifficulty what the hash actually achieved
 * @param extranonce1    hex
 * @param extranonce2    hex
 * @param ntime          header time
 * @param nonce          header nonce
 * @param version        header version after rolling
 * @param block          whether it met the network target
 * @param acceptedAtMillis Unix time in milliseconds
 * @param shareTarget    the target the share was credited at (difficulty as an exact integer)
 * @param networkTarget  the block's target
 * @param blockValueSats what the block would pay: subsidy plus fees
 */
public record AcceptedShare(
        String account,
        String worker,
        String jobId,
        long height,
        double difficulty,
        double hashDifficulty,
        String extranonce1,
        String extranonce2,
        int ntime,
        int nonce,
        int version,
        boolean block,
        long acceptedAtMillis,
        BigInteger shareTarget,
        BigInteger networkTarget,
        long blockValueSats) {
}
