package club.micromining.persistence.ledger;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed tree head in the C2SP {@code tlog-checkpoint} format, a C2SP signed note: the origin, the tree
 * size and the base64 root hash, one a line, a blank line, then {@code — <origin> <base64(key id ‖
 * Ed25519 signature)>}. The key id is the first four bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key);
 * what is signed is the text above the blank line, its last newline included.
 */
public record Checkpoint(String origin, long size, byte[] root) {
    private static final String DASH = "\u2014 ";
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo, before the 32 key bytes. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    public Checkpoint {
        if (origin.isBlank() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint's origin is one non-empty line");
        }
    }

    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    public String sign(PrivateKey key, byte[] publicKey) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(body().getBytes(StandardCharsets.UTF_8));
            byte[] sig = s.sign();
            byte[] line = new byte[4 + sig.length];
            System.arraycopy(keyId(origin, publicKey), 0, line, 0, 4);
            System.arraycopy(sig, 0, line, 4, sig.length);
            return body() + "\n" + DASH + origin + " " + Base64.getEncoder().encodeToString(line) + "\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public static byte[] keyId(String name, byte[] publicKey) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(name.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0x0a);
            md.update((byte) 0x01);
            return Arrays.copyOf(md.digest(publicKey), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verifier key in the signed-note form: {@code <name>+<hex key id>+<base64(0x01 ‖ key)>}. */
    public static String verifierKey(String name, byte[] publicKey) {
        byte[] typed = new byte[33];
        typed[0] = 1;
        System.arraycopy(publicKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId(name, publicKey)) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
    }

    public static byte[] rawPublicKey(PublicKey key) {
        byte[] der = key.getEncoded();
        return Arrays.copyOfRange(der, der.length - 32, der.length);
    }

    /**
     * Reads a signed checkpoint and checks its signature by this key.
     *
     * @throws IllegalArgumentException naming what is wrong: the format, no signature by the key, a bad signature
     */
    public static Checkpoint verify(String note, byte[] publicKey) {
        return verify(note, null, publicKey);
    }

    /** As {@link #verify(String, byte[])}, for a key whose name is not the origin (null: the origin). */
    public static Checkpoint verify(String note, String keyName, byte[] publicKey) {
        int blank = note.indexOf("\n\n");
        if (blank < 0) {
            throw new IllegalArgumentException("a signed note has a blank line before its signatures");
        }
        String body = note.substring(0, blank + 1);
        String[] lines = body.split("\n", -1);
        if (lines.length < 4) {
            throw new IllegalArgumentException("a checkpoint has an origin, a tree size and a root hash");
        }
        String origin = lines[0];
        long size;
        byte[] root;
        try {
            size = Long.parseLong(lines[1]);
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a checkpoint's size is a decimal number and its root base64");
        }
        if (size < 0 || root.length != 32 || !lines[1].equals(Long.toString(size))) {
            throw new IllegalArgumentException("a checkpoint's size is a decimal number and its root 32 bytes");
        }
        String name = keyName == null ? origin : keyName;
        byte[] id = keyId(name, publicKey);
        for (String line : note.substring(blank + 2).split("\n")) {
            if (!line.startsWith(DASH + name + " ")) {
                continue;
            }
            byte[] signed;
            try {
                signed = Base64.getDecoder().decode(line.substring(DASH.length() + name.length() + 1));
            } catch (IllegalArgumentException notBase64) {
                throw new IllegalArgumentException("the signature line of " + name + " is not base64");
            }
            if (signed.length != 68 || !Arrays.equals(Arrays.copyOf(signed, 4), id)) {
                continue;
            }
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(publicKey(publicKey));
                s.update(body.getBytes(StandardCharsets.UTF_8));
                if (!s.verify(Arrays.copyOfRange(signed, 4, 68))) {
                    throw new IllegalArgumentException("the signature of " + name + " does not hold");
                }
                return new Checkpoint(origin, size, root);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("the signature of " + name + " does not hold");
            }
        }
        throw new IllegalArgumentException("no signature by the key " + HexFormat.of().formatHex(publicKey));
    }
}
