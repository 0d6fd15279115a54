package club.micromining.web.session;

import club.micromining.common.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A login that any node of the cluster accepts: the wallet's linking key and an expiry, signed with a secret all
 * nodes share (HMAC-SHA256), kept in an HttpOnly cookie. A browser that reaches a node that has no session for it
 * (its node left, a restart) is signed in again from it; an expired, altered or foreign value is ignored.
 *
 * <p>Value: {@code 1.<linking key hex>.<expiry, epoch seconds>.<signature, base64url>}.
 */
public final class LoginCookie {
    public static final String NAME = "micromining-login";
    private static final String VERSION = "1";
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{66}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final Duration lifetime;

    /**
     * @param secret   shared by every node (derived from the cluster's ledger key)
     * @param lifetime how long a value is accepted after it was issued; the pages issue it again as the member
     *                 moves around, so this is the idle time after which a member is signed out everywhere
     */
    public LoginCookie(byte[] secret, Duration lifetime) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("a login secret needs 32 bytes at least");
        }
        this.secret = secret.clone();
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** The value that signs {@code linkingKey} in until {@code lifetime} after {@code nowMillis}. */
    public String issue(String linkingKey, long nowMillis) {
        if (!KEY.matcher(linkingKey).matches()) {
            throw new IllegalArgumentException("a linking key is 33 bytes of compressed public key in lower-case hex");
        }
        String payload = VERSION + "." + linkingKey + "." + (nowMillis + lifetime.toMillis()) / 1000;
        return payload + "." + B64.encodeToString(sign(payload));
    }

    /** The linking key {@code value} signs in, if it is this cluster's, unaltered and not expired. */
    public Optional<String> verify(String value, long nowMillis) {
        if (value == null || value.length() > 200) {
            return Optional.empty();
        }
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION) || !KEY.matcher(parts[1]).matches() || !parts[2].matches("[0-9]{1,12}")) {
            return Optional.empty();
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(given, sign(parts[0] + "." + parts[1] + "." + parts[2]))) {
            return Optional.empty();
        }
        return Long.parseLong(parts[2]) * 1000 > nowMillis ? Optional.of(parts[1]) : Optional.empty();
    }

    private byte[] sign(String payload) {
        return Hmac.sha256(secret, payload.getBytes(StandardCharsets.US_ASCII));
    }
}
