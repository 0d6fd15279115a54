package club.micromining.stratum.share;

import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.bitcoin.Target;
import club.micromining.stratum.job.Job;

/**
 * Share validation as a pure function: rebuild the coinbase and merkle root from the job and the
 * miner's extranonce2, assemble the header with the miner's ntime, nonce and rolled version bits,
 * hash it, and compare with the share target and the network target.
 */
public final class ShareValidator {
    /** Bitcoin refuses blocks more than two hours ahead; leave a little headroom for clocks. */
    public static final int MAX_NTIME_AHEAD_SECONDS = 7000;

    private ShareValidator() {
    }

    /**
     * @param job         the job the share is for
     * @param extranonce1 the connection's extranonce1
     * @param submission  what the miner chose
     * @param versionMask the version-rolling mask negotiated with {@code mining.configure} (0 if none)
     * @param shareTarget the target the share must meet
     */
    public static ShareOutcome validate(Job job, byte[] extranonce1, Submission submission, int versionMask,
                                        Target shareTarget) {
        if (submission.extranonce2().length != job.extranonce2Size()) {
            return new ShareOutcome.Rejected(Rejection.BAD_EXTRANONCE2);
        }
        long ntime = Integer.toUnsignedLong(submission.ntime());
        long jobTime = Integer.toUnsignedLong(job.ntime());
        if (ntime < jobTime || ntime > jobTime + MAX_NTIME_AHEAD_SECONDS) {
            return new ShareOutcome.Rejected(Rejection.NTIME_OUT_OF_RANGE);
        }
        if ((submission.versionBits() & ~versionMask) != 0) {
            return new ShareOutcome.Rejected(Rejection.VERSION_OUT_OF_MASK);
        }
        int version = (job.version() & ~versionMask) | (submission.versionBits() & versionMask);

        byte[] root = job.merkleRoot(extranonce1, submission.extranonce2());
        byte[] header = job.header(root, submission.ntime(), submission.nonce(), version);
        byte[] hash = Sha256d.hash(header);

        boolean block = job.networkTarget().isMetBy(hash);
        if (!block && !shareTarget.isMetBy(hash)) {
            return new ShareOutcome.Rejected(Rejection.LOW_DIFFICULTY);
        }
        return new ShareOutcome.Accepted(hash, header, block);
    }
}
