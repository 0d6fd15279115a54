package club.micromining.pool.member;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bitcoinj.base.Sha256Hash;

/**
 * The code a member puts in a miner's Stratum password to prove the wallet controls the device:
 * {@code claim-} and ten base-32 characters (50 bits), easy to type into AxeOS. The member entity keeps
 * only its hash, so the journal never holds a usable code.
 */
public final class ClaimCode {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final Pattern CODE = Pattern.compile("claim-[" + ALPHABET + "]{10}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClaimCode() {
    }

    public static String newCode() {
        StringBuilder b = new StringBuilder("claim-");
        for (int i = 0; i < 10; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** Whether a miner's password is a claim code (anything else, "x" most often, is ignored). */
    public static boolean looksLike(String password) {
        return password != null && CODE.matcher(normalise(password)).matches();
    }

    /** What the entity compares: the code's SHA-256, after the case a person may have typed it in. */
    public static String hash(String code) {
        return HexFormat.of().formatHex(Sha256Hash.hash(normalise(code).getBytes(StandardCharsets.US_ASCII)));
    }

    private static String normalise(String code) {
        String c = code.trim();
        return c.length() > 6 ? c.substring(0, 6).toLowerCase(Locale.ROOT) + c.substring(6).toUpperCase(Locale.ROOT) : c;
    }
}
