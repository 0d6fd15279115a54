package club.micromining.stratum.bitcoin;

/** The 80-byte block header: the only thing proof of work is computed over. */
public final class BlockHeader {
    public static final int SIZE = 80;

    private BlockHeader() {
    }

    /** {@code prevHash} and {@code merkleRoot} in internal byte order; integers as their numeric values. */
    public static byte[] serialize(int version, byte[] prevHash, byte[] merkleRoot, int time, int bits, int nonce) {
        byte[] h = new byte[SIZE];
        putLe(h, 0, version);
        System.arraycopy(prevHash, 0, h, 4, 32);
        System.arraycopy(merkleRoot, 0, h, 36, 32);
        putLe(h, 68, time);
        putLe(h, 72, bits);
        putLe(h, 76, nonce);
        return h;
    }

    public static int readLe(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    public static void putLe(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    /** A hash in the byte order block explorers display (reversed). */
    public static String displayHex(byte[] internalOrder) {
        byte[] r = new byte[internalOrder.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = internalOrder[internalOrder.length - 1 - i];
        }
        return java.util.HexFormat.of().formatHex(r);
    }

    /** Parses a hash written in display order into internal byte order. */
    public static byte[] fromDisplayHex(String hex) {
        byte[] d = java.util.HexFormat.of().parseHex(hex);
        byte[] r = new byte[d.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = d[d.length - 1 - i];
        }
        return r;
    }
}
