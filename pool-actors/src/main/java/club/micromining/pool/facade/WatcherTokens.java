package club.micromining.pool.facade;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.bitcoinj.base.Sha256Hash;

/** The random tokens of watcher links (24 bytes, URL-safe base64); only their SHA-256 is stored. */
final class WatcherTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{32}");

    private WatcherTokens() {
    }

    static String newToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static boolean looksLike(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(Sha256Hash.hash(token.getBytes(StandardCharsets.US_ASCII)));
    }
}
