package club.micromining.stratum.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.EmbeddedChain;
import club.micromining.stratum.template.EmbeddedChainSettings;
import club.micromining.stratum.template.TemplateTransaction;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.core.TransactionOutput;

/** getblocktemplate results for tests: stored real responses, or one rebuilt from a real mainnet block. */
public final class Templates {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Regtest's easiest target: every share a CPU finds is also a block. */
    public static final String EASY_BITS = "207fffff";

    private Templates() {
    }

    /** A stored getblocktemplate result from the test resources ({@code /gbt/<name>.json}). */
    public static ObjectNode resource(String name) {
        try (InputStream in = Templates.class.getResourceAsStream("/gbt/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /gbt/" + name + ".json");
            }
            ObjectNode root = (ObjectNode) JSON.readTree(in);
            return root.has("result") && root.get("result").isObject() ? (ObjectNode) root.get("result") : root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What bitcoind's getblocktemplate said for a real mainnet block, rebuilt from the block: its previous
     * block, version, bits, time, transactions (data, txid, wtxid) and the coinbase's witness commitment
     * and value. Fees are unknown from a block alone and left out.
     */
    public static ObjectNode fromBlock(MainnetBlock block, long height) {
        ObjectNode t = JSON.createObjectNode();
        HexFormat hex = HexFormat.of();
        t.put("version", (int) block.block().getVersion());
        t.putArray("rules").add("csv").add("!segwit").add("taproot");
        t.put("previousblockhash", block.block().getPrevBlockHash().toString());
        ArrayNode txs = t.putArray("transactions");
        long coinbaseValue = 0;
        String commitment = null;
        Transaction coinbase = block.block().getTransactions().get(0);
        for (TransactionOutput out : coinbase.getOutputs()) {
            coinbaseValue += out.getValue().value;
            String script = hex.formatHex(out.getScriptBytes());
            if (script.startsWith("6a24aa21a9ed")) {
                commitment = script;
            }
        }
        for (Transaction tx : block.block().getTransactions().subList(1, block.block().getTransactions().size())) {
            ObjectNode e = txs.addObject();
            e.put("data", hex.formatHex(tx.serialize()));
            e.put("txid", tx.getTxId().toString());
            e.put("hash", tx.getWTxId().toString());
            e.putArray("depends");
            e.put("fee", 0);
        }
        t.put("coinbasevalue", coinbaseValue);
        t.put("longpollid", block.block().getPrevBlockHash().toString() + "0");
        t.put("target", "0000000000000000000000000000000000000000000000000000000000000000");
        t.put("mintime", block.time() - 3600);
        t.put("curtime", block.time());
        t.put("bits", String.format("%08x", block.block().getDifficultyTarget()));
        t.put("height", height);
        if (commitment != null) {
            t.put("default_witness_commitment", commitment);
        }
        return t;
    }

    /**
     * A mainnet-sized template: the embedded chain's well-formed synthetic transactions (about 225 bytes
     * each, no witness), written the way bitcoind writes a template, with the commitment over them.
     */
    public static ObjectNode mainnetSized(int transactions) {
        java.util.concurrent.CompletableFuture<BlockTemplate> first = new java.util.concurrent.CompletableFuture<>();
        try (EmbeddedChain chain = new EmbeddedChain(new EmbeddedChainSettings(1, 1, java.time.Duration.ofMinutes(10),
                transactions, java.time.Duration.ofHours(1)))) {
            chain.start(first::complete);
            BlockTemplate b = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
            HexFormat hex = HexFormat.of();
            ObjectNode t = JSON.createObjectNode();
            t.put("version", b.version());
            t.putArray("rules").add("csv").add("!segwit").add("taproot");
            t.put("previousblockhash", BlockHeader.displayHex(b.prevHash()));
            ArrayNode txs = t.putArray("transactions");
            for (TemplateTransaction tx : b.transactions()) {
                ObjectNode e = txs.addObject();
                e.put("data", hex.formatHex(tx.data()));
                e.put("txid", BlockHeader.displayHex(tx.txid()));
                e.put("hash", BlockHeader.displayHex(tx.wtxid()));
                e.putArray("depends");
                e.put("fee", tx.fee());
                e.put("sigops", 4);
                e.put("weight", tx.data().length * 4);
            }
            t.put("coinbasevalue", b.coinbaseValue());
            t.put("longpollid", BlockHeader.displayHex(b.prevHash()) + "0");
            t.put("curtime", b.curtime());
            t.put("mintime", b.curtime() - 3600);
            t.put("bits", String.format("%08x", b.bits()));
            t.put("height", 900_000);
            t.put("default_witness_commitment", hex.formatHex(b.witnessCommitment()));
            return t;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same template with the network target every CPU share meets. */
    public static ObjectNode easy(ObjectNode template) {
        ObjectNode t = template.deepCopy();
        t.put("bits", EASY_BITS);
        return t;
    }

    /** The template of the next block: built on {@code prevHash}, one higher. */
    public static ObjectNode next(ObjectNode template, String prevHash) {
        ObjectNode t = template.deepCopy();
        t.put("previousblockhash", prevHash);
        t.put("height", template.path("height").asLong() + 1);
        return t;
    }
}
