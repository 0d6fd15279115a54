package club.micromining.stratum.client;

import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.bitcoin.Target;
import java.util.OptionalInt;

/** Tries nonces on a header until one meets a target: what a miner's ASIC does, slowly, on a CPU. */
public final class NonceGrinder {
    private NonceGrinder() {
    }

    /**
     * Tries {@code count} nonces from {@code start} on {@code header} (80 bytes, nonce at 76, modified in
     * place); returns the first whose hash meets the target.
     */
    public static OptionalInt grind(byte[] header, Target target, int start, int count) {
        byte[] hash = new byte[32];
        for (int i = 0; i < count; i++) {
            int nonce = start + i;
            BlockHeader.putLe(header, 76, nonce);
            var md = Sha256d.digest();
            md.update(header);
            Sha256d.finishDouble(md, hash);
            if (target.isMetBy(hash)) {
                return OptionalInt.of(nonce);
            }
        }
        return OptionalInt.empty();
    }
}
