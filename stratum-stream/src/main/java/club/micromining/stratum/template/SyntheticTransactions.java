package club.micromining.stratum.template;

import club.micromining.stratum.bitcoin.ByteWriter;
import club.micromining.stratum.bitcoin.Sha256d;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Well-formed but made-up transactions to fill embedded-chain templates, so that benchmarks and tests
 * see mainnet-sized merkle branches. Each looks like a one-input P2PKH spend to two P2WPKH outputs
 * (about 225 bytes, the common shape on mainnet); they spend outputs that do not exist, which the
 * embedded chain does not check.
 */
final class SyntheticTransactions {
    private SyntheticTransactions() {
    }

    static List<TemplateTransaction> generate(long height, int count) {
        List<TemplateTransaction> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            txs.add(one(height, i));
        }
        return txs;
    }

    private static TemplateTransaction one(long height, int index) {
        byte[] seed = ("micromining synthetic " + height + "/" + index).getBytes(StandardCharsets.US_ASCII);
        byte[] prevout = Sha256d.hash(seed);
        byte[] sig = new byte[71];
        byte[] pubkey = new byte[33];
        fill(sig, prevout, 1);
        fill(pubkey, prevout, 2);
        sig[0] = 0x30;
        pubkey[0] = 0x02;
        long fee = 1_000 + (index % 97) * 37L;

        ByteWriter w = new ByteWriter(230);
        w.u32le(2);
        w.varInt(1);
        w.bytes(prevout).u32le(index & 3);
        ByteWriter script = new ByteWriter(106);
        script.varBytes(sig).varBytes(pubkey);
        w.varBytes(script.toByteArray());
        w.u32le(0xfffffffd);
        w.varInt(2);
        w.u64le(50_000L + index).varBytes(p2wpkh(prevout, 3));
        w.u64le(1_000_000L + (prevout[0] & 0xff)).varBytes(p2wpkh(prevout, 4));
        w.u32le(0);
        byte[] data = w.toByteArray();
        byte[] txid = Sha256d.hash(data);
        return new TemplateTransaction(data, txid, txid, fee);
    }

    private static byte[] p2wpkh(byte[] seed, int salt) {
        byte[] keyHash = new byte[20];
        fill(keyHash, seed, salt);
        return new ByteWriter(22).u8(0x00).u8(0x14).bytes(keyHash).toByteArray();
    }

    private static void fill(byte[] out, byte[] seed, int salt) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (seed[(i + salt) % seed.length] ^ (i * 31 + salt));
        }
    }
}
