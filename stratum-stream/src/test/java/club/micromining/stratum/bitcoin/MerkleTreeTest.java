package club.micromining.stratum.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.MainnetBlock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.core.Transaction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {

    private static List<byte[]> txids(MainnetBlock b) {
        List<byte[]> ids = new ArrayList<>();
        for (Transaction tx : b.block().getTransactions()) {
            ids.add(tx.getTxId().serialize());
        }
        return ids;
    }

    @ParameterizedTest
    @ValueSource(strings = {"block_542213", "block_100000", "block_13tx"})
    void rootOfARealBlockMatchesItsHeader(String name) {
        MainnetBlock b = MainnetBlock.load(name);
        List<byte[]> ids = txids(b);
        assertThat(MerkleTree.root(ids)).isEqualTo(b.block().getMerkleRoot().serialize());
        List<byte[]> branch = MerkleTree.coinbaseBranch(ids.subList(1, ids.size()));
        assertThat(MerkleTree.rootFromBranch(ids.get(0), branch)).isEqualTo(b.block().getMerkleRoot().serialize());
    }

    @Test
    void coinbaseBranchOfThirteenTransactionsDuplicatesTheOddLast() {
        MainnetBlock b = MainnetBlock.load("block_13tx");
        List<byte[]> ids = txids(b);
        List<byte[]> branch = MerkleTree.coinbaseBranch(ids.subList(1, ids.size()));
        HexFormat hex = HexFormat.of();
        assertThat(branch).extracting(hex::formatHex).containsExactly(
                "b4839c227eb12a4682ef507024a44066d1b54b2a224cf4765bdd46b35a42d0e3",
                "ff55ad590268952712d3586af4f4619eb5f280ed671e2a7dca766076994e19ff",
                "d8adfb1856bc923a6da4e83914013405334915d4ece1eb36d09cef8119850ea4",
                "ce28b22ba91639d5ae35d0f7a17e02b422fa251c372cb600daf62b7f3df0bdbd");
    }

    @Test
    void aBlockWithOnlyTheCoinbaseHasAnEmptyBranch() {
        assertThat(MerkleTree.coinbaseBranch(List.of())).isEmpty();
        byte[] only = Sha256d.hash(new byte[] {1});
        assertThat(MerkleTree.root(List.of(only))).isEqualTo(only);
    }
}
