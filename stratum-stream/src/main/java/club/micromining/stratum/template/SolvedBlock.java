package club.micromining.stratum.template;

import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.ByteWriter;
import club.micromining.stratum.bitcoin.Sha256d;

/**
 * A share that met the network target, with everything needed to put the block on the chain.
 *
 * @param template the template the job was built from
 * @param header   the 80-byte header
 * @param coinbase the coinbase transaction without witness (the form its txid is computed over)
 */
public record SolvedBlock(BlockTemplate template, byte[] header, byte[] coinbase) {

    public byte[] hash() {
        return Sha256d.hash(header);
    }

    public String hashHex() {
        return BlockHeader.displayHex(hash());
    }

    /**
     * The block as the network serialises it. With a witness commitment the coinbase carries its witness
     * reserved value (32 zero bytes, BIP 141), so the coinbase is written in witness form.
     */
    public byte[] serialize() {
        int size = header.length + 9 + coinbase.length + 40;
        for (TemplateTransaction tx : template.transactions()) {
            size += tx.data().length;
        }
        ByteWriter w = new ByteWriter(size);
        w.bytes(header);
        w.varInt(1L + template.transactions().size());
        if (template.witnessCommitment() == null) {
            w.bytes(coinbase);
        } else {
            w.bytes(coinbase, 0, 4);
            w.u8(0).u8(1);
            w.bytes(coinbase, 4, coinbase.length - 8);
            w.varInt(1).varBytes(new byte[32]);
            w.bytes(coinbase, coinbase.length - 4, 4);
        }
        for (TemplateTransaction tx : template.transactions()) {
            w.bytes(tx.data());
        }
        return w.toByteArray();
    }
}
