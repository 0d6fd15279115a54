package club.micromining.pool.device;

import club.micromining.pool.CborSerializable;
import club.micromining.pool.accounting.Split;

/**
 * An accepted share as the device entity keeps it.
 *
 * @param jobId          job id the share was submitted under
 * @param extranonce1    hex
 * @param extranonce2    hex
 * @param ntime          header time
 * @param nonce          header nonce
 * @param version        header version after rolling
 * @param difficulty     credited difficulty
 * @param hashDifficulty difficulty the hash reached
 * @param height         block height of the job
 * @param block          whether it met the network target
 * @param accrualMsat    what the share earned when accepted, in millisatoshi (FPPS; 0 under PPLNS and SOLO)
 * @param parts          how the accrual was divided (member, project fund, raffle pot, reserve, pool fee)
 * @param acceptedAtMillis Unix time in milliseconds
 */
public record ShareRecord(
        String jobId,
        String extranonce1,
        String extranonce2,
        int ntime,
        int nonce,
        int version,
        double difficulty,
        double hashDifficulty,
        long height,
        boolean block,
        long accrualMsat,
        Split.Parts parts,
        long acceptedAtMillis) implements CborSerializable {

    /** Job, both extranonces, ntime, nonce and version: what makes a share unique. */
    public String identity() {
        return jobId + "/" + extranonce1 + "/" + extranonce2 + "/" + Integer.toHexString(ntime) + "/"
                + Integer.toHexString(nonce) + "/" + Integer.toHexString(version);
    }
}
