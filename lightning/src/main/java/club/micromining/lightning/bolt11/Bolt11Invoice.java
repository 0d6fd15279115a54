package club.micromining.lightning.bolt11;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;

/**
 * A BOLT 11 payment request: what a payer must check before paying (amount, expiry, payment hash, the
 * payee's key) and how a node writes one. Decoding verifies the checksum and the signature, and recovers
 * the payee's public key from it.
 *
 * @param currency         "bc", "tb", "tbs" or "bcrt"
 * @param amountMsat       requested amount, or null for "any amount"
 * @param timestamp        creation time, Unix seconds
 * @param paymentHash      32 bytes
 * @param paymentSecret    32 bytes, or null
 * @param description      the description, or null
 * @param descriptionHash  SHA-256 of a long description, or null
 * @param expirySeconds    seconds after {@code timestamp} the request is valid
 * @param minFinalCltv     minimum final CLTV delta
 * @param features         feature bits
 * @param payee            the payee's compressed public key
 */
public record Bolt11Invoice(
        String currency,
        Long amountMsat,
        long timestamp,
        byte[] paymentHash,
        byte[] paymentSecret,
        String description,
        byte[] descriptionHash,
        long expirySeconds,
        int minFinalCltv,
        BigInteger features,
        byte[] payee) {

    public static final long DEFAULT_EXPIRY_SECONDS = 3600;
    public static final int DEFAULT_MIN_FINAL_CLTV = 18;
    private static final long MSAT_PER_BTC = 100_000_000_000L;

    /** A request that is not valid BOLT 11, with the reason. */
    public static final class InvalidInvoice extends Exception {
        public InvalidInvoice(String message) {
            super(message, null, false, false);
        }
    }

    public boolean expiredAt(long unixSeconds) {
        return unixSeconds > timestamp + expirySeconds;
    }

    // ---------------------------------------------------------------- decoding

    public static Bolt11Invoice decode(String request) throws InvalidInvoice {
        String text = request.trim();
        if (text.regionMatches(true, 0, "lightning:", 0, 10)) {
            text = text.substring(10);
        }
        Bech32.Decoded d;
        try {
            d = Bech32.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidInvoice("not a bech32 payment request: " + e.getMessage());
        }
        String hrp = d.hrp();
        if (!hrp.startsWith("ln")) {
            throw new InvalidInvoice("not a Lightning payment request");
        }
        String rest = hrp.substring(2);
        String currency = null;
        for (String c : new String[] {"bcrt", "tbs", "bc", "tb"}) {
            if (rest.startsWith(c)) {
                currency = c;
                break;
            }
        }
        if (currency == null) {
            throw new InvalidInvoice("unknown currency in '" + hrp + "'");
        }
        Long amount = amount(rest.substring(currency.length()));
        byte[] words = d.words();
        if (words.length < 7 + 104) {
            throw new InvalidInvoice("too short");
        }
        int dataEnd = words.length - 104;
        long timestamp = number(words, 0, 7);

        byte[] paymentHash = null;
        byte[] secret = null;
        String description = null;
        byte[] descriptionHash = null;
        long expiry = DEFAULT_EXPIRY_SECONDS;
        int cltv = DEFAULT_MIN_FINAL_CLTV;
        BigInteger features = BigInteger.ZERO;
        byte[] payee = null;
        int i = 7;
        while (i < dataEnd) {
            if (i + 3 > dataEnd) {
                throw new InvalidInvoice("truncated tagged field");
            }
            int type = words[i];
            int length = (words[i + 1] << 5) | words[i + 2];
            int start = i + 3;
            if (start + length > dataEnd) {
                throw new InvalidInvoice("tagged field overruns the data");
            }
            byte[] field = Arrays.copyOfRange(words, start, start + length);
            switch (type) {
                case 1 -> paymentHash = length == 52 ? bytes(field, 32) : paymentHash;
                case 16 -> secret = length == 52 ? bytes(field, 32) : secret;
                case 13 -> description = new String(Bech32.convertBits(field, 5, 8, false), StandardCharsets.UTF_8);
                case 23 -> descriptionHash = length == 52 ? bytes(field, 32) : descriptionHash;
                case 6 -> expiry = number(field, 0, field.length);
                case 24 -> cltv = (int) number(field, 0, field.length);
                case 19 -> payee = length == 53 ? bytes(field, 33) : payee;
                case 5 -> features = wordsToNumber(field);
                default -> {
                    // fields this pool does not need (routing hints, fallback addresses, metadata)
                }
            }
            i = start + length;
        }
        if (paymentHash == null) {
            throw new InvalidInvoice("no payment hash");
        }
        byte[] signature = Bech32.convertBits(Arrays.copyOfRange(words, dataEnd, words.length), 5, 8, false);
        byte[] hash = signedHash(hrp, Arrays.copyOf(words, dataEnd));
        ECKey.ECDSASignature sig = new ECKey.ECDSASignature(new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)));
        int recovery = signature[64];
        if (recovery < 0 || recovery > 3) {
            throw new InvalidInvoice("bad signature recovery id");
        }
        ECKey recovered = ECKey.recoverFromSignature(recovery, sig, Sha256Hash.wrap(hash), true);
        if (recovered == null) {
            throw new InvalidInvoice("signature does not recover a key");
        }
        if (payee != null && !Arrays.equals(payee, recovered.getPubKey())) {
            throw new InvalidInvoice("signature is not the payee's");
        }
        return new Bolt11Invoice(currency, amount, timestamp, paymentHash, secret, description, descriptionHash, expiry, cltv,
                features, recovered.getPubKey());
    }

    private static Long amount(String s) throws InvalidInvoice {
        if (s.isEmpty()) {
            return null;
        }
        char last = s.charAt(s.length() - 1);
        String digits = Character.isDigit(last) ? s : s.substring(0, s.length() - 1);
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 18
                || (digits.length() > 1 && digits.charAt(0) == '0')) {
            throw new InvalidInvoice("bad amount '" + s + "'");
        }
        BigInteger n = new BigInteger(digits);
        BigInteger msat = switch (Character.isDigit(last) ? ' ' : last) {
            case ' ' -> n.multiply(BigInteger.valueOf(MSAT_PER_BTC));
            case 'm' -> n.multiply(BigInteger.valueOf(100_000_000L));
            case 'u' -> n.multiply(BigInteger.valueOf(100_000L));
            case 'n' -> n.multiply(BigInteger.valueOf(100L));
            case 'p' -> {
                if (n.mod(BigInteger.TEN).signum() != 0) {
                    throw new InvalidInvoice("a pico-bitcoin amount must be a whole number of millisatoshi");
                }
                yield n.divide(BigInteger.TEN);
            }
            default -> throw new InvalidInvoice("unknown amount multiplier '" + last + "'");
        };
        if (msat.bitLength() > 62) {
            throw new InvalidInvoice("amount too large");
        }
        return msat.longValue();
    }

    // ---------------------------------------------------------------- encoding

    /** Writes and signs a payment request for a node whose key is {@code nodeKey}. */
    public static String encode(String currency, Long amountMsat, long timestamp, byte[] paymentHash, byte[] paymentSecret,
                                String description, byte[] descriptionHash, long expirySeconds, BigInteger features,
                                ECKey nodeKey) {
        String hrp = "ln" + currency + (amountMsat == null ? "" : amountText(amountMsat));
        ByteArrayOutputStream w = new ByteArrayOutputStream();
        writeNumber(w, timestamp, 7);
        if (paymentSecret != null) {
            field(w, 16, Bech32.convertBits(paymentSecret, 8, 5, true));
        }
        field(w, 1, Bech32.convertBits(paymentHash, 8, 5, true));
        if (description != null) {
            field(w, 13, Bech32.convertBits(description.getBytes(StandardCharsets.UTF_8), 8, 5, true));
        }
        if (descriptionHash != null) {
            field(w, 23, Bech32.convertBits(descriptionHash, 8, 5, true));
        }
        if (expirySeconds != DEFAULT_EXPIRY_SECONDS) {
            field(w, 6, numberWords(expirySeconds));
        }
        if (features != null && features.signum() > 0) {
            field(w, 5, numberWords(features));
        }
        byte[] data = w.toByteArray();
        ECKey.ECDSASignature sig = nodeKey.sign(Sha256Hash.wrap(signedHash(hrp, data)));
        int recovery = -1;
        for (int id = 0; id < 4; id++) {
            ECKey k = ECKey.recoverFromSignature(id, sig, Sha256Hash.wrap(signedHash(hrp, data)), true);
            if (k != null && Arrays.equals(k.getPubKey(), nodeKey.getPubKey())) {
                recovery = id;
                break;
            }
        }
        byte[] signature = new byte[65];
        copy32(sig.r, signature, 0);
        copy32(sig.s, signature, 32);
        signature[64] = (byte) recovery;
        byte[] all = Arrays.copyOf(data, data.length + 104);
        System.arraycopy(Bech32.convertBits(signature, 8, 5, true), 0, all, data.length, 104);
        return Bech32.encode(hrp, all);
    }

    private static String amountText(long msat) {
        if (msat % 100_000_000L == 0) {
            return msat / 100_000_000L + "m";
        }
        if (msat % 100_000L == 0) {
            return msat / 100_000L + "u";
        }
        if (msat % 100L == 0) {
            return msat / 100L + "n";
        }
        return msat * 10 + "p";
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] signedHash(String hrp, byte[] dataWords) {
        MessageDigest sha = org.bitcoinj.base.Sha256Hash.newDigest();
        sha.update(hrp.getBytes(StandardCharsets.UTF_8));
        sha.update(Bech32.convertBits(dataWords, 5, 8, true));
        return sha.digest();
    }

    private static void field(ByteArrayOutputStream w, int type, byte[] words) {
        w.write(type);
        w.write(words.length >> 5);
        w.write(words.length & 31);
        w.writeBytes(words);
    }

    private static void writeNumber(ByteArrayOutputStream w, long v, int words) {
        for (int i = words - 1; i >= 0; i--) {
            w.write((int) ((v >>> (5 * i)) & 31));
        }
    }

    private static byte[] numberWords(long v) {
        return numberWords(BigInteger.valueOf(v));
    }

    private static byte[] numberWords(BigInteger v) {
        int n = Math.max(1, (v.bitLength() + 4) / 5);
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[n - 1 - i] = v.shiftRight(5 * i).and(BigInteger.valueOf(31)).byteValue();
        }
        return out;
    }

    private static long number(byte[] words, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = (v << 5) | words[i];
        }
        return v;
    }

    private static BigInteger wordsToNumber(byte[] words) {
        BigInteger v = BigInteger.ZERO;
        for (byte w : words) {
            v = v.shiftLeft(5).or(BigInteger.valueOf(w));
        }
        return v;
    }

    private static byte[] bytes(byte[] words, int length) {
        return Arrays.copyOf(Bech32.convertBits(words, 5, 8, false), length);
    }

    private static void copy32(BigInteger v, byte[] out, int offset) {
        byte[] raw = v.toByteArray();
        int n = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - n, out, offset + 32 - n, n);
    }
}
