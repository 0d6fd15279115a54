package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.MerkleTreeHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CheckpointTest {

    /** sum.golang.org's real signed checkpoint (transparency-dev/formats, log/note_test.go). */
    @Test
    void aRealGoChecksumDatabaseCheckpointVerifies() {
        String vkey = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
        byte[] typed = Base64.getDecoder().decode(vkey.split("\\+", 3)[2]);
        byte[] pub = Arrays.copyOfRange(typed, 1, 33);
        String note = "go.sum database tree\n6476701\nmb8QLQIs0Z0yP5Cstq6guj87oXWeC9gEM8oVikmm9Wk=\n\n"
                + "\u2014 sum.golang.org Az3grsLX85Gz+s1SiTbgkuqxgItqFq7gsMUEyVnrsa9LM7Us9S+1xbFIGu95949rj4nPRYfvimWEPWL+o3GeoWwOoAw=\n";
        Checkpoint c = Checkpoint.verify(note, "sum.golang.org", pub);
        assertThat(c.origin()).isEqualTo("go.sum database tree");
        assertThat(c.size()).isEqualTo(6476701);
        assertThat(Checkpoint.verifierKey("sum.golang.org", pub)).isEqualTo(vkey);
        assertThatThrownBy(() -> Checkpoint.verify(note.replace("6476701", "6476702"), "sum.golang.org", pub))
                .hasMessageContaining("does not hold");
    }

    @Test
    void ourCheckpointsSignAndVerifyWithTheNodesKey(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        LedgerKey key = LedgerKey.loadOrCreate(dir);
        assertThat(LedgerKey.loadOrCreate(dir).publicKeyHex()).isEqualTo(key.publicKeyHex());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(LedgerKey.FILE))))
                .isEqualTo("rw-------");
        byte[] root = MerkleTreeHash.emptyRoot();
        String note = new Checkpoint("pool.example.org/ledger", 0, root).sign(key.privateKey(), key.publicKey());
        assertThat(note).startsWith("pool.example.org/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n\u2014 pool.example.org/ledger ");
        assertThat(Checkpoint.verify(note, key.publicKey()).size()).isZero();
        byte[] other = LedgerKey.loadOrCreate(dir.resolve("other")).publicKey();
        assertThatThrownBy(() -> Checkpoint.verify(note, other)).hasMessageContaining("no signature by the key");
        assertThat(HexFormat.of().formatHex(Checkpoint.keyId("pool.example.org/ledger", key.publicKey())))
                .isEqualTo(Checkpoint.verifierKey("pool.example.org/ledger", key.publicKey()).split("\\+")[1]);
    }

    /** Nodes with a copy of the key (a cluster) derive the same web login secret; another key, or purpose, another one. */
    @Test
    void aSecretDerivedFromTheKeyIsTheSameWhereverTheKeyIsCopied(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        LedgerKey key = LedgerKey.loadOrCreate(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.copy(dir.resolve("a").resolve(LedgerKey.FILE), dir.resolve("b").resolve(LedgerKey.FILE));
        byte[] secret = key.secretFor("login");
        assertThat(secret).hasSize(32);
        assertThat(LedgerKey.loadOrCreate(dir.resolve("b")).secretFor("login")).isEqualTo(secret);
        assertThat(key.secretFor("other")).isNotEqualTo(secret);
        assertThat(LedgerKey.loadOrCreate(dir.resolve("c")).secretFor("login")).isNotEqualTo(secret);
    }
}
