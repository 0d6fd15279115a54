package club.micromining.stratum.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.stratum.bitcoin.MerkleTree;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.bitcoin.Scripts;
import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.SolvedBlock;
import club.micromining.stratum.template.TemplateTransaction;
import club.micromining.stratum.testkit.MainnetBlock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutput;
import org.bitcoinj.script.ScriptBuilder;
import org.junit.jupiter.api.Test;

class JobFactoryTest {
    private static final String ADDRESS = "bc1qdnzp36skyqxssezd9xy34su8qtva8lwknkmfpl";
    private static final byte[] TAG = "/MicroMining test/".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMITMENT = HexFormat.of().parseHex(
            "6a24aa21a9ed4a657fcaa2149342376247e2e283a55a6b92dcc35d4d89e4ac7b74488cb63be2");

    private final MainnetBlock mainnet = MainnetBlock.load("block_542213");
    private final JobFactory factory = new JobFactory(
            new CoinbaseLayout(Network.MAINNET.outputScript(ADDRESS), TAG, 8, 4), 0x1fffe000);

    private BlockTemplate template() {
        return new BlockTemplate(542213, mainnet.prevHashInternal(), 0x20000000, 0x172819a1, mainnet.time(),
                1_250_000_000L + 7_654_321L, mainnet.nonCoinbase(), COMMITMENT, true);
    }

    @Test
    void coinbaseCarriesHeightExtranoncePayoutAndWitnessCommitment() {
        Job job = factory.build("1", template(), 0);
        byte[] en1 = HexFormat.of().parseHex("0001020304050607");
        byte[] en2 = HexFormat.of().parseHex("a0a1a2a3");
        Transaction coinbase = Transaction.read(ByteBuffer.wrap(job.coinbase(en1, en2)));

        assertThat(coinbase.isCoinBase()).isTrue();
        byte[] scriptSig = coinbase.getInput(0).getScriptBytes();
        assertThat(Scripts.parseHeight(scriptSig)).isEqualTo(542213);
        assertThat(HexFormat.of().formatHex(scriptSig)).contains("0001020304050607a0a1a2a3");
        assertThat(new String(scriptSig, StandardCharsets.ISO_8859_1)).endsWith("/MicroMining test/");
        assertThat(scriptSig.length).isBetween(2, 100);

        List<TransactionOutput> outs = coinbase.getOutputs();
        assertThat(outs).hasSize(2);
        assertThat(outs.get(0).getValue().value).isEqualTo(1_257_654_321L);
        assertThat(outs.get(0).getScriptBytes()).isEqualTo(ScriptBuilder.createOutputScript(
                AddressParser.getDefault(BitcoinNetwork.MAINNET).parseAddress(ADDRESS)).program());
        assertThat(outs.get(1).getValue().value).isZero();
        assertThat(outs.get(1).getScriptBytes()).isEqualTo(COMMITMENT);
    }

    @Test
    void theLedgerRootRidesInAnOpReturnBeforeTheWitnessCommitment() {
        byte[] root = HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
        JobFactory anchored = new JobFactory(new CoinbaseLayout(Network.MAINNET.outputScript(ADDRESS), TAG, 8, 4), 0x1fffe000,
                () -> root);
        Job job = anchored.build("1", template(), 0);
        Transaction coinbase = Transaction.read(ByteBuffer.wrap(job.coinbase(new byte[8], new byte[4])));

        List<TransactionOutput> outs = coinbase.getOutputs();
        assertThat(outs).hasSize(3);
        assertThat(outs.get(0).getValue().value).isEqualTo(1_257_654_321L);
        assertThat(outs.get(1).getValue().value).isZero();
        assertThat(HexFormat.of().formatHex(outs.get(1).getScriptBytes())).isEqualTo("6a244d4d5350" + HexFormat.of().formatHex(root));
        assertThat(org.bitcoinj.script.ScriptPattern.isOpReturn(outs.get(1).getScriptPubKey())).isTrue();
        assertThat(outs.get(2).getScriptBytes()).isEqualTo(COMMITMENT);
        // Within what ESP-Miner accepts: its coinbase buffer is far larger, and the standardness limit for OP_RETURN is 83 bytes.
        assertThat(outs.get(1).getScriptBytes().length).isLessThanOrEqualTo(83);
    }

    @Test
    void jobMerkleRootMatchesTheFullTree() {
        Job job = factory.build("1", template(), 0);
        byte[] en1 = new byte[8];
        byte[] en2 = {1, 2, 3, 4};
        List<byte[]> txids = new ArrayList<>();
        txids.add(Sha256d.hash(job.coinbase(en1, en2)));
        for (TemplateTransaction tx : template().transactions()) {
            txids.add(tx.txid());
        }
        assertThat(job.merkleRoot(en1, en2)).isEqualTo(MerkleTree.root(txids));
    }

    @Test
    void aSolvedBlockDeserialisesWithBitcoinjAndKeepsTheTemplateTransactions() {
        Job job = factory.build("1", template(), 0);
        byte[] en1 = new byte[8];
        byte[] en2 = {9, 9, 9, 9};
        byte[] header = job.header(job.merkleRoot(en1, en2), job.ntime(), 42, job.version());
        SolvedBlock solved = job.solvedBlock(header, en1, en2);
        Block block = Block.read(ByteBuffer.wrap(solved.serialize()));

        assertThat(block.getTransactions()).hasSize(4);
        assertThat(block.getMerkleRoot().serialize()).isEqualTo(Arrays.copyOfRange(header, 36, 68));
        assertThat(block.getHashAsString()).isEqualTo(solved.hashHex());
        assertThat(block.getTransactions().get(0).hasWitnesses()).isTrue();
        for (int i = 1; i < 4; i++) {
            assertThat(block.getTransactions().get(i).getTxId())
                    .isEqualTo(mainnet.block().getTransactions().get(i).getTxId());
        }
    }

    @Test
    void rollableVersionBitsAreClearedInTheJobVersion() {
        BlockTemplate signalling = new BlockTemplate(1, new byte[32], 0x20002004, 0x207fffff, 1, 0, List.of(), null, true);
        assertThat(factory.build("1", signalling, 0).version()).isEqualTo(0x20000004);
    }

    @Test
    void notifyParametersAreEncodedOnce() {
        Job job = factory.build("abc", template(), 0);
        String notify = new String(job.notifyMessage(), StandardCharsets.US_ASCII);
        assertThat(notify).startsWith("{\"id\":null,\"method\":\"mining.notify\",\"params\":[\"abc\",\""
                + Job.stratumPrevHash(mainnet.prevHashInternal()) + "\",\"02000000010000");
        assertThat(notify).endsWith(",\"20000000\",\"172819a1\",\"" + String.format("%08x", mainnet.time()) + "\",true]}\n");
        assertThat(job.notifyMessage()).isSameAs(job.notifyMessage());
        assertThat(new String(job.notify("x1", false), StandardCharsets.US_ASCII))
                .isEqualTo(notify.replace("[\"abc\"", "[\"x1\"").replace("true]}", "false]}"));
    }

    @Test
    void aTagThatDoesNotFitTheCoinbaseIsRefused() {
        assertThatThrownBy(() -> new CoinbaseLayout(new byte[] {0x51}, new byte[90], 8, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool tag");
    }
}
