package club.micromining.stratum.bitcoin;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bitcoin's double SHA-256. One digest per thread is reused because {@code MessageDigest.getInstance}
 * costs more than hashing a block header, and the JDK's SHA-256 is the one that uses the CPU's SHA
 * extensions.
 */
public final class Sha256d {
    public static final int LENGTH = 32;

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256d::newDigest);

    private Sha256d() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    /** The thread's reusable digest, reset. */
    public static MessageDigest digest() {
        MessageDigest md = DIGEST.get();
        md.reset();
        return md;
    }

    public static byte[] hash(byte[] data) {
        return hash(data, 0, data.length);
    }

    public static byte[] hash(byte[] data, int offset, int length) {
        MessageDigest md = digest();
        md.update(data, offset, length);
        byte[] out = new byte[LENGTH];
        finishDouble(md, out);
        return out;
    }

    /** SHA-256d of {@code left || right}, the merkle tree's node function. */
    public static byte[] hashPair(byte[] left, byte[] right) {
        MessageDigest md = digest();
        md.update(left);
        md.update(right);
        byte[] out = new byte[LENGTH];
        finishDouble(md, out);
        return out;
    }

    /**
     * Finishes the first SHA-256 pass held in {@code md}, hashes that once more and writes the result
     * into {@code out}; the digest is left reset.
     */
    public static void finishDouble(MessageDigest md, byte[] out) {
        try {
            md.digest(out, 0, LENGTH);
            md.update(out, 0, LENGTH);
            md.digest(out, 0, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("a 32-byte buffer always fits SHA-256", e);
        }
    }
}
