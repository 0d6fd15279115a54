package club.micromining.stratum.job;

import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.bitcoin.Target;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.SolvedBlock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * A Stratum job: a block template with the pool's coinbase split around the extranonce space, and
 * everything that does not change per share computed once (merkle branch, SHA-256 state after
 * coinb1, network target, the notify parameters as JSON).
 */
public final class Job {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NOTIFY_PREFIX = "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\""
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTIFY_CLEAN = "true]}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTIFY_NOT_CLEAN = "false]}\n".getBytes(StandardCharsets.US_ASCII);

    private final String id;
    private final BlockTemplate template;
    private final byte[] coinb1;
    private final byte[] coinb2;
    private final byte[][] branch;
    private final int version;
    private final MessageDigest afterCoinb1;
    private final int extranonce2Size;
    private final Target networkTarget;
    private final double networkDifficulty;
    private final long createdAtNanos;
    private final byte[] notifyTail;
    private final byte[] notify;
    private volatile long staleAtNanos = Long.MAX_VALUE;

    /**
     * A job from its Stratum parts.
     *
     * @param version the header version miners start from; the bits miners may roll are clear in it, so
     *                BIP 310's {@code (version & ~mask) | bits} and the {@code version ^ bits} some
     *                firmware sends agree
     */
    public Job(String id, BlockTemplate template, int version, byte[] coinb1, byte[] coinb2, List<byte[]> branch,
               int extranonce2Size, long createdAtNanos) {
        this.id = id;
        this.template = template;
        this.version = version;
        this.coinb1 = coinb1;
        this.coinb2 = coinb2;
        this.branch = branch.toArray(new byte[0][]);
        this.extranonce2Size = extranonce2Size;
        this.createdAtNanos = createdAtNanos;
        this.afterCoinb1 = Sha256d.newDigest();
        afterCoinb1.update(coinb1);
        this.networkTarget = Target.of(Difficulty.targetFromBits(template.bits()));
        this.networkDifficulty = Difficulty.of(networkTarget.value());
        this.notifyTail = encodeNotifyTail();
        this.notify = notify(id, template.newBlock());
    }

    /** The job as it was sent by the cluster's job source, built again on this node (see {@link #published}). */
    public static Job of(PublishedJob p, long nowNanos) {
        return new Job(p.id(), p.header(), p.version(), p.coinb1(), p.coinb2(), p.branch(), p.extranonce2Size(), nowNanos);
    }

    /** What the other nodes need to hand this job out and check its shares: all but the transactions. */
    public PublishedJob published() {
        BlockTemplate t = template;
        BlockTemplate header = new BlockTemplate(t.height(), t.prevHash(), t.version(), t.bits(), t.curtime(),
                t.coinbaseValue(), List.of(), t.witnessCommitment(), t.newBlock());
        return new PublishedJob(id, header, version, coinb1, coinb2, List.of(branch), extranonce2Size);
    }

    public String id() {
        return id;
    }

    public BlockTemplate template() {
        return template;
    }

    public long height() {
        return template.height();
    }

    public int version() {
        return version;
    }

    public int bits() {
        return template.bits();
    }

    public int ntime() {
        return template.curtime();
    }

    public boolean cleanJobs() {
        return template.newBlock();
    }

    public int extranonce2Size() {
        return extranonce2Size;
    }

    public Target networkTarget() {
        return networkTarget;
    }

    public double networkDifficulty() {
        return networkDifficulty;
    }

    public long createdAtNanos() {
        return createdAtNanos;
    }

    /** Marks the job stale from the given time on (a new block was seen). Never moves the time later. */
    public void markStale(long atNanos) {
        if (atNanos < staleAtNanos) {
            staleAtNanos = atNanos;
        }
    }

    public boolean isStale(long nowNanos) {
        return nowNanos >= staleAtNanos;
    }

    /** The coinbase transaction (without witness) for one extranonce. */
    public byte[] coinbase(byte[] extranonce1, byte[] extranonce2) {
        byte[] tx = new byte[coinb1.length + extranonce1.length + extranonce2.length + coinb2.length];
        System.arraycopy(coinb1, 0, tx, 0, coinb1.length);
        System.arraycopy(extranonce1, 0, tx, coinb1.length, extranonce1.length);
        System.arraycopy(extranonce2, 0, tx, coinb1.length + extranonce1.length, extranonce2.length);
        System.arraycopy(coinb2, 0, tx, tx.length - coinb2.length, coinb2.length);
        return tx;
    }

    /** The merkle root for one extranonce, hashing only what differs from share to share. */
    public byte[] merkleRoot(byte[] extranonce1, byte[] extranonce2) {
        MessageDigest md;
        try {
            md = (MessageDigest) afterCoinb1.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 supports clone", e);
        }
        md.update(extranonce1);
        md.update(extranonce2);
        md.update(coinb2);
        byte[] h = new byte[32];
        Sha256d.finishDouble(md, h);
        MessageDigest pair = Sha256d.digest();
        for (byte[] sibling : branch) {
            pair.update(h);
            pair.update(sibling);
            Sha256d.finishDouble(pair, h);
        }
        return h;
    }

    public byte[] header(byte[] merkleRoot, int ntime, int nonce, int version) {
        return BlockHeader.serialize(version, template.prevHash(), merkleRoot, ntime, template.bits(), nonce);
    }

    public SolvedBlock solvedBlock(byte[] header, byte[] extranonce1, byte[] extranonce2) {
        return new SolvedBlock(template, header, coinbase(extranonce1, extranonce2));
    }

    /**
     * The {@code mining.notify} line for this job, encoded once and shared by every connection it is
     * broadcast to. Callers must not modify it.
     */
    public byte[] notifyMessage() {
        return notify;
    }

    /**
     * The {@code mining.notify} line under another id, for re-sending this job to one connection after a
     * difficulty change.
     */
    public byte[] notify(String jobId, boolean clean) {
        byte[] id = jobId.getBytes(StandardCharsets.US_ASCII);
        byte[] end = clean ? NOTIFY_CLEAN : NOTIFY_NOT_CLEAN;
        byte[] out = new byte[NOTIFY_PREFIX.length + id.length + 1 + notifyTail.length + end.length];
        int at = 0;
        for (byte[] part : new byte[][] {NOTIFY_PREFIX, id, {'"'}, notifyTail, end}) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** {@code ,"prevhash","coinb1","coinb2",[branch],"version","nbits","ntime",}: all but the id and clean flag. */
    private byte[] encodeNotifyTail() {
        StringBuilder sb = new StringBuilder(256 + branch.length * 68 + 2 * (coinb1.length + coinb2.length));
        sb.append(",\"").append(stratumPrevHash(template.prevHash())).append('"');
        sb.append(",\"").append(HEX.formatHex(coinb1)).append('"');
        sb.append(",\"").append(HEX.formatHex(coinb2)).append('"');
        sb.append(",[");
        for (int i = 0; i < branch.length; i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(HEX.formatHex(branch[i])).append('"');
        }
        sb.append("],\"").append(hex32(version)).append('"');
        sb.append(",\"").append(hex32(template.bits())).append('"');
        sb.append(",\"").append(hex32(template.curtime())).append("\",");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Stratum's prevhash: the internal byte order with each 4-byte word reversed. */
    public static String stratumPrevHash(byte[] prevHashInternal) {
        byte[] s = new byte[32];
        for (int w = 0; w < 8; w++) {
            for (int i = 0; i < 4; i++) {
                s[w * 4 + i] = prevHashInternal[w * 4 + 3 - i];
            }
        }
        return HEX.formatHex(s);
    }

    public static String hex32(int v) {
        return String.format("%08x", v);
    }

    @Override
    public String toString() {
        return "Job[" + id + " height " + template.height() + (template.newBlock() ? " clean" : "") + "]";
    }
}
