package club.micromining.stratum.job;

import club.micromining.stratum.bitcoin.ByteWriter;
import club.micromining.stratum.bitcoin.MerkleTree;
import club.micromining.stratum.bitcoin.Scripts;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.TemplateTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns a block template into a job: builds the coinbase around the extranonce space and the merkle
 * branch from the template's transactions.
 *
 * <p>The coinbase scriptSig is {@code <height> <push(extranonce1 || extranonce2)> <push(tag)>}, so it
 * parses as a valid script; coinb1 ends right before the extranonce bytes, coinb2 starts right after.
 */
public final class JobFactory {
    private static final int COINBASE_TX_VERSION = 2;

    /** What an anchor output's data starts with: the pool's public ledger. */
    public static final byte[] ANCHOR_MAGIC = {'M', 'M', 'S', 'P'};

    private final CoinbaseLayout layout;
    private final int rollableVersionBits;
    private final Supplier<byte[]> anchor;

    /**
     * @param rollableVersionBits the pool's version-rolling mask; these bits are cleared in job versions
     */
    public JobFactory(CoinbaseLayout layout, int rollableVersionBits) {
        this(layout, rollableVersionBits, () -> null);
    }

    /**
     * @param anchor the 32-byte hash each job's coinbase commits to in an {@code OP_RETURN "MMSP" <hash>}
     *               output (the latest ledger tree root), or null while there is none
     */
    public JobFactory(CoinbaseLayout layout, int rollableVersionBits, Supplier<byte[]> anchor) {
        this.layout = layout;
        this.rollableVersionBits = rollableVersionBits;
        this.anchor = anchor;
    }

    /** {@code OP_RETURN <push 36: "MMSP" ‖ hash>}: 38 bytes, standard (under 83), zero value. */
    public static byte[] anchorScript(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("an anchor is a 32-byte hash");
        }
        ByteWriter w = new ByteWriter(38);
        w.u8(Scripts.OP_RETURN).u8(36).bytes(ANCHOR_MAGIC).bytes(hash);
        return w.toByteArray();
    }

    public CoinbaseLayout layout() {
        return layout;
    }

    public Job build(String id, BlockTemplate template, long nowNanos) {
        byte[] height = Scripts.heightPush(template.height());
        byte[] tag = Scripts.push(layout.poolTag());
        int extranonceSize = layout.extranonce1Size() + layout.extranonce2Size();
        int scriptLength = height.length + 1 + extranonceSize + tag.length;

        ByteWriter b1 = new ByteWriter(64);
        b1.u32le(COINBASE_TX_VERSION);
        b1.varInt(1);
        b1.bytes(new byte[32]).u32le(0xffffffff);
        b1.varInt(scriptLength);
        b1.bytes(height);
        b1.u8(extranonceSize);

        ByteWriter b2 = new ByteWriter(128);
        b2.bytes(tag);
        b2.u32le(0xffffffff);
        byte[] commitment = template.witnessCommitment();
        byte[] anchored = anchor.get();
        b2.varInt(1 + (commitment == null ? 0 : 1) + (anchored == null ? 0 : 1));
        b2.u64le(template.coinbaseValue()).varBytes(layout.payoutScript());
        if (anchored != null) {
            b2.u64le(0).varBytes(anchorScript(anchored));
        }
        if (commitment != null) {
            b2.u64le(0).varBytes(commitment);
        }
        b2.u32le(0);

        List<byte[]> txids = new ArrayList<>(template.transactions().size());
        for (TemplateTransaction tx : template.transactions()) {
            txids.add(tx.txid());
        }
        return new Job(id, template, template.version() & ~rollableVersionBits, b1.toByteArray(), b2.toByteArray(), MerkleTree.coinbaseBranch(txids),
                layout.extranonce2Size(), nowNanos);
    }
}
