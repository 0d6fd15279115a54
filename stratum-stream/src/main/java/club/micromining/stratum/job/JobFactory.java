package club.micromining.stratum.job;

import club.micromining.stratum.bitcoin.ByteWriter;
import club.micromining.stratum.bitcoin.MerkleTree;
import club.micromining.stratum.bitcoin.Scripts;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.TemplateTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a block template into a job: builds the coinbase around the extranonce space and the merkle
 * branch from the template's transactions.
 *
 * <p>The coinbase scriptSig is {@code <height> <push(extranonce1 || extranonce2)> <push(tag)>}, so it
 * parses as a valid script; coinb1 ends right before the extranonce bytes, coinb2 starts right after.
 */
public final class JobFactory {
    private static final int COINBASE_TX_VERSION = 2;

    private final CoinbaseLayout layout;
    private final int rollableVersionBits;

    /**
     * @param rollableVersionBits the pool's version-rolling mask; these bits are cleared in job versions
     */
    public JobFactory(CoinbaseLayout layout, int rollableVersionBits) {
        this.layout = layout;
        this.rollableVersionBits = rollableVersionBits;
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
        b2.varInt(commitment == null ? 1 : 2);
        b2.u64le(template.coinbaseValue()).varBytes(layout.payoutScript());
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
