package club.micromining.persistence.ledger;

import club.micromining.common.crypto.Hmac;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The node's Ed25519 ledger key, made at the first start and kept in the data directory
 * ({@code ledger-ed25519.key}: the PKCS#8 private key in base64, then the raw public key in hex),
 * readable by its owner only. Losing it does not change the ledger, only who can sign its next heads.
 */
public record LedgerKey(PrivateKey privateKey, byte[] publicKey) {
    public static final String FILE = "ledger-ed25519.key";

    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    /**
     * A secret for another purpose (signing web logins), derived from this key one way: every node of a cluster
     * has the same ledger key, so they derive the same secret, and the secret does not reveal the key.
     */
    public byte[] secretFor(String purpose) {
        return Hmac.sha256(privateKey.getEncoded(), purpose.getBytes(StandardCharsets.UTF_8));
    }

    public static LedgerKey loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
                if (lines.size() < 2) {
                    throw new IllegalStateException(file + " is not a ledger key: delete it to make a new one");
                }
                PrivateKey key = KeyFactory.getInstance("Ed25519")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0).trim())));
                return new LedgerKey(key, HexFormat.of().parseHex(lines.get(1).trim()));
            }
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] pub = Checkpoint.rawPublicKey(pair.getPublic());
            Files.createDirectories(dataDir);
            Path tmp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(tmp, Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + HexFormat.of().formatHex(pub) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the directory's own permissions protect it.
            }
            Files.move(tmp, file);
            return new LedgerKey(pair.getPrivate(), pub);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the ledger key " + file + " could not be read or made: " + e.getMessage(), e);
        }
    }
}
