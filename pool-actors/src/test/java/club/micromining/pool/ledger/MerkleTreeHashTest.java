package club.micromining.pool.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6962 / 9162 vectors, as transparency-dev/merkle tests them (testonly/constants.go, proof/verify_test.go). */
class MerkleTreeHashTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String[] INPUTS = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f"};
    private static final String[] ROOTS = {
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static List<byte[]> leaves(int n) {
        List<byte[]> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(MerkleTreeHash.leafHash(HEX.parseHex(INPUTS[i])));
        }
        return l;
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    private static List<byte[]> bytes(String... hashes) {
        return java.util.Arrays.stream(hashes).map(HEX::parseHex).toList();
    }

    @Test
    void treeHashesOfTheStandardLeaves() {
        assertThat(HEX.formatHex(MerkleTreeHash.leafHash("L123456".getBytes())))
                .isEqualTo("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56");
        assertThat(HEX.formatHex(MerkleTreeHash.nodeHash("N123".getBytes(), "N456".getBytes())))
                .isEqualTo("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb");
        MerkleTreeHash.Frontier f = MerkleTreeHash.Frontier.EMPTY;
        for (int n = 0; n <= 8; n++) {
            assertThat(HEX.formatHex(MerkleTreeHash.root(leaves(n)))).as("size %d", n).isEqualTo(ROOTS[n]);
            assertThat(HEX.formatHex(f.root())).as("frontier at size %d", n).isEqualTo(ROOTS[n]);
            if (n < 8) {
                f = f.append(leaves(8).get(n));
            }
        }
    }

    @Test
    void inclusionProofsOfTheVectors() {
        assertThat(hex(MerkleTreeHash.inclusionProof(0, leaves(8)))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(MerkleTreeHash.inclusionProof(5, leaves(8)))).containsExactly(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(MerkleTreeHash.inclusionProof(2, leaves(3)))).containsExactly(
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertThat(hex(MerkleTreeHash.inclusionProof(1, leaves(5)))).containsExactly(
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(MerkleTreeHash.inclusionProof(0, leaves(1))).isEmpty();
        byte[] root8 = HEX.parseHex(ROOTS[8]);
        assertThat(MerkleTreeHash.verifyInclusion(5, 8, leaves(8).get(5), MerkleTreeHash.inclusionProof(5, leaves(8)), root8)).isTrue();
        assertThat(MerkleTreeHash.verifyInclusion(4, 8, leaves(8).get(5), MerkleTreeHash.inclusionProof(5, leaves(8)), root8)).isFalse();
        assertThat(MerkleTreeHash.verifyInclusion(5, 7, leaves(8).get(5), MerkleTreeHash.inclusionProof(5, leaves(8)),
                HEX.parseHex(ROOTS[7]))).isFalse();
        for (long[] bad : new long[][] {{0, 0}, {1, 0}, {2, 1}}) {
            assertThat(MerkleTreeHash.verifyInclusion(bad[0], bad[1], leaves(1).get(0), List.of(), root8)).isFalse();
        }
    }

    @Test
    void consistencyProofsOfTheVectors() {
        assertThat(hex(MerkleTreeHash.consistencyProof(1, leaves(8)))).containsExactly(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(MerkleTreeHash.consistencyProof(6, leaves(8)))).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(hex(MerkleTreeHash.consistencyProof(2, leaves(5)))).containsExactly(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertThat(hex(MerkleTreeHash.consistencyProof(6, leaves(7)))).containsExactly(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertThat(MerkleTreeHash.consistencyProof(1, leaves(1))).isEmpty();
        assertThat(MerkleTreeHash.verifyConsistency(6, 8, HEX.parseHex(ROOTS[6]), HEX.parseHex(ROOTS[8]),
                bytes("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))).isTrue();
        assertThat(MerkleTreeHash.verifyConsistency(1, 2, HEX.parseHex(ROOTS[1]), HEX.parseHex(ROOTS[2]), List.of())).isFalse();
        assertThat(MerkleTreeHash.verifyConsistency(2, 1, HEX.parseHex(ROOTS[2]), HEX.parseHex(ROOTS[1]), List.of())).isFalse();
        assertThat(MerkleTreeHash.verifyConsistency(1, 1, HEX.parseHex(ROOTS[1]), HEX.parseHex(ROOTS[2]), List.of())).isFalse();
    }

    @Test
    void everyProofOfLargerTreesVerifiesAndNoWrongOneDoes() {
        List<byte[]> leaves = new ArrayList<>();
        MerkleTreeHash.Frontier f = MerkleTreeHash.Frontier.EMPTY;
        for (int i = 0; i < 70; i++) {
            byte[] leaf = MerkleTreeHash.leafHash(new byte[] {(byte) i, (byte) (i >> 8)});
            leaves.add(leaf);
            f = f.append(leaf);
            assertThat(f.root()).isEqualTo(MerkleTreeHash.root(leaves));
        }
        for (int n = 1; n <= 70; n += 3) {
            List<byte[]> tree = leaves.subList(0, n);
            byte[] root = MerkleTreeHash.root(tree);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = MerkleTreeHash.inclusionProof(m, tree);
                assertThat(MerkleTreeHash.verifyInclusion(m, n, tree.get(m), proof, root)).isTrue();
                if (n > 1) {
                    assertThat(MerkleTreeHash.verifyInclusion(m, n, tree.get((m + 1) % n), proof, root)).isFalse();
                }
                int first = m + 1;
                List<byte[]> consistency = MerkleTreeHash.consistencyProof(first, tree);
                byte[] firstRoot = MerkleTreeHash.root(tree.subList(0, first));
                assertThat(MerkleTreeHash.verifyConsistency(first, n, firstRoot, root, consistency)).as("%d -> %d", first, n).isTrue();
                if (first < n) {
                    assertThat(MerkleTreeHash.verifyConsistency(first, n, root, root, consistency)).isFalse();
                }
            }
        }
    }
}
