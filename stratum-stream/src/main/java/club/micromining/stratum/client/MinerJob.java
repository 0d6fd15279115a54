package club.micromining.stratum.client;

import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.Sha256d;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@code mining.notify} job as a miner sees it, and the miner's side of hashing: built from the wire
 * fields only, independently of the pool's own job code, the way firmware does it.
 */
public final class MinerJob {
    private static final HexFormat HEX = HexFormat.of();

    private final String id;
    private final byte[] prevHash;
    private final byte[] coinb1;
    private final byte[] coinb2;
    private final List<byte[]> branch;
    private final int version;
    private final int bits;
    private final int ntime;
    private final boolean clean;

    private MinerJob(String id, byte[] prevHash, byte[] coinb1, byte[] coinb2, List<byte[]> branch, int version,
                     int bits, int ntime, boolean clean) {
        this.id = id;
        this.prevHash = prevHash;
        this.coinb1 = coinb1;
        this.coinb2 = coinb2;
        this.branch = branch;
        this.version = version;
        this.bits = bits;
        this.ntime = ntime;
        this.clean = clean;
    }

    /** Reads the nine {@code mining.notify} parameters. */
    public static MinerJob fromNotify(JsonNode params) {
        byte[] stratumPrev = HEX.parseHex(params.get(1).asText());
        byte[] prev = new byte[32];
        for (int w = 0; w < 8; w++) {
            for (int i = 0; i < 4; i++) {
                prev[w * 4 + i] = stratumPrev[w * 4 + 3 - i];
            }
        }
        List<byte[]> branch = new ArrayList<>();
        for (JsonNode b : params.get(4)) {
            branch.add(HEX.parseHex(b.asText()));
        }
        return new MinerJob(params.get(0).asText(), prev, HEX.parseHex(params.get(2).asText()),
                HEX.parseHex(params.get(3).asText()), branch, Integer.parseUnsignedInt(params.get(5).asText(), 16),
                Integer.parseUnsignedInt(params.get(6).asText(), 16), Integer.parseUnsignedInt(params.get(7).asText(), 16),
                params.get(8).asBoolean());
    }

    public String id() {
        return id;
    }

    public int version() {
        return version;
    }

    public int bits() {
        return bits;
    }

    public int ntime() {
        return ntime;
    }

    public boolean clean() {
        return clean;
    }

    /** The header for one extranonce and version, with nonce 0 (the nonce goes at byte 76). */
    public byte[] headerWithoutNonce(byte[] extranonce1, byte[] extranonce2, int rolledVersion, int time) {
        MessageDigest md = Sha256d.digest();
        md.update(coinb1);
        md.update(extranonce1);
        md.update(extranonce2);
        md.update(coinb2);
        byte[] root = new byte[32];
        Sha256d.finishDouble(md, root);
        for (byte[] sibling : branch) {
            root = Sha256d.hashPair(root, sibling);
        }
        return BlockHeader.serialize(rolledVersion, prevHash, root, time, bits, 0);
    }
}
