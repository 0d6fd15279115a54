package club.micromining.stratum.testkit;

import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.TemplateTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;

/**
 * A real mainnet block from the test resources, read with bitcoinj (not with the pool's code), so tests
 * can check the pool's job and share math against what actually happened on Bitcoin.
 */
public final class MainnetBlock {
    private final byte[] raw;
    private final Block block;

    private MainnetBlock(byte[] raw) {
        this.raw = raw;
        this.block = Block.read(ByteBuffer.wrap(raw));
    }

    /** One of {@code block_542213}, {@code block_100000}, {@code block_13tx}. */
    public static MainnetBlock load(String name) {
        try (InputStream in = MainnetBlock.class.getResourceAsStream("/vectors/" + name + ".hex")) {
            String hex = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return new MainnetBlock(HexFormat.of().parseHex(hex));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] raw() {
        return raw.clone();
    }

    public Block block() {
        return block;
    }

    public String hash() {
        return block.getHashAsString();
    }

    public byte[] prevHashInternal() {
        return block.getPrevBlockHash().serialize();
    }

    /** The block's other transactions as template entries (fees unknown: zero). */
    public List<TemplateTransaction> nonCoinbase() {
        List<TemplateTransaction> txs = new ArrayList<>();
        for (Transaction tx : block.getTransactions().subList(1, block.getTransactions().size())) {
            txs.add(new TemplateTransaction(tx.serialize(), tx.getTxId().serialize(), tx.getWTxId().serialize(), 0));
        }
        return txs;
    }

    /** A template for this block; {@code witnessCommitment} as in its coinbase, or null before segwit. */
    public BlockTemplate template(long height, byte[] witnessCommitment) {
        return new BlockTemplate(height, prevHashInternal(), (int) block.getVersion(), (int) block.getDifficultyTarget(),
                (int) block.getTimeSeconds(), 0, nonCoinbase(), witnessCommitment, true);
    }

    public int nonce() {
        return (int) block.getNonce();
    }

    public int time() {
        return (int) block.getTimeSeconds();
    }
}
