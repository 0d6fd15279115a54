package club.micromining.stratum.share;

import club.micromining.stratum.bitcoin.Difficulty;

/** The verdict of share validation. */
public sealed interface ShareOutcome {

    /**
     * A share that met its target.
     *
     * @param hash   SHA-256d of the header, little-endian as hashed
     * @param header the 80-byte header
     * @param block  whether it also meets the network target
     */
    record Accepted(byte[] hash, byte[] header, boolean block) implements ShareOutcome {
        /** The difficulty this hash achieved. */
        public double hashDifficulty() {
            return Difficulty.ofHash(hash);
        }

        /**
         * 64 bits of the hash; the hash covers the job, both extranonces, ntime, nonce and version, so
         * it identifies the share for duplicate detection.
         */
        public long identity() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (hash[i] & 0xff);
            }
            return v;
        }
    }

    record Rejected(Rejection reason) implements ShareOutcome {
    }
}
