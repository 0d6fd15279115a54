package club.micromining.lightning.lnurl;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bitcoinj.base.Bech32;
import org.bitcoinj.crypto.ECKey;
import org.bitcoinj.crypto.SignatureDecodeException;

/**
 * LNURL-auth (LUD-04), the service side: a login challenge {@code k1} (32 random bytes), the
 * {@code LNURL1...} string a wallet scans (LUD-01: the URL in bech32 under the prefix {@code lnurl}),
 * and the check of the wallet's answer: an ECDSA signature, DER-encoded, over the raw 32 bytes of k1
 * (not hashed again), by the wallet's linking key, a compressed secp256k1 public key. A high-S signature
 * is normalised to low-S before it is checked, as wallets differ there.
 */
public final class LnurlAuth {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern K1 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern KEY = Pattern.compile("0[23][0-9a-f]{64}");
    private static final Pattern SIG = Pattern.compile("[0-9a-f]{16,200}");

    private LnurlAuth() {
    }

    /** Why an answer was refused, in words a wallet shows its user (LUD-04's {@code reason}). */
    public static final class InvalidLogin extends Exception {
        public InvalidLogin(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A fresh challenge: 32 random bytes, hex. */
    public static String newK1() {
        byte[] k1 = new byte[32];
        RANDOM.nextBytes(k1);
        return HEX.formatHex(k1);
    }

    /** The login URL for a challenge, as LUD-04 shapes it. */
    public static String loginUrl(String callbackBase, String k1) {
        return callbackBase + (callbackBase.contains("?") ? "&" : "?") + "tag=login&k1=" + k1 + "&action=login";
    }

    /** LUD-01: the URL as bech32 under {@code lnurl}, upper case (what goes into a QR code and a lightning: link). */
    public static String encode(String url) {
        return Bech32.encodeBytes(Bech32.Encoding.BECH32, "lnurl", url.getBytes(StandardCharsets.UTF_8)).toUpperCase(Locale.ROOT);
    }

    /**
     * Checks a wallet's answer to challenge {@code k1}.
     *
     * @param sigHex DER signature, hex
     * @param keyHex the linking key, compressed, hex
     * @return the linking key, lower-case hex, as the member's identity
     * @throws InvalidLogin saying what is wrong with the answer
     */
    public static String verify(String k1, String sigHex, String keyHex) throws InvalidLogin {
        if (k1 == null || !K1.matcher(k1).matches()) {
            throw new InvalidLogin("k1 must be 32 bytes in hex");
        }
        if (keyHex == null || !KEY.matcher(keyHex.toLowerCase(Locale.ROOT)).matches()) {
            throw new InvalidLogin("key must be a compressed public key (66 hex digits)");
        }
        if (sigHex == null || !SIG.matcher(sigHex.toLowerCase(Locale.ROOT)).matches() || sigHex.length() % 2 != 0) {
            throw new InvalidLogin("sig must be a DER signature in hex");
        }
        String key = keyHex.toLowerCase(Locale.ROOT);
        byte[] pub = HEX.parseHex(key);
        boolean onCurve;
        try {
            onCurve = ECKey.fromPublicOnly(pub).getPubKeyPoint().isValid();
        } catch (IllegalArgumentException e) {
            onCurve = false;
        }
        if (!onCurve) {
            throw new InvalidLogin("key is not a point on the secp256k1 curve");
        }
        ECKey.ECDSASignature signature;
        try {
            signature = ECKey.ECDSASignature.decodeFromDER(HEX.parseHex(sigHex.toLowerCase(Locale.ROOT))).toCanonicalised();
        } catch (SignatureDecodeException | IllegalArgumentException e) {
            throw new InvalidLogin("sig is not a valid DER signature");
        }
        if (!ECKey.verify(HEX.parseHex(k1), signature, pub)) {
            throw new InvalidLogin("the signature does not match k1 and key");
        }
        return key;
    }
}
