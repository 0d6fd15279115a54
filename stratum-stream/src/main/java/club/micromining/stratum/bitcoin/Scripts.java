package club.micromining.stratum.bitcoin;

/** The few script encodings a coinbase needs. */
public final class Scripts {
    public static final int OP_0 = 0x00;
    public static final int OP_1 = 0x51;
    public static final int OP_PUSHDATA1 = 0x4c;
    public static final int OP_RETURN = 0x6a;

    private Scripts() {
    }

    /**
     * The BIP34 block height as Bitcoin Core writes it ({@code CScript() << nHeight}): OP_0 or OP_1..OP_16
     * for small heights, otherwise a push of the minimal little-endian script number.
     */
    public static byte[] heightPush(long height) {
        if (height < 0) {
            throw new IllegalArgumentException("height cannot be negative");
        }
        if (height == 0) {
            return new byte[] {OP_0};
        }
        if (height <= 16) {
            return new byte[] {(byte) (OP_1 - 1 + height)};
        }
        byte[] num = scriptNum(height);
        ByteWriter w = new ByteWriter(num.length + 1);
        w.u8(num.length).bytes(num);
        return w.toByteArray();
    }

    /** Reads the height back from a coinbase script (inverse of {@link #heightPush}); -1 if absent. */
    public static long parseHeight(byte[] script) {
        if (script.length == 0) {
            return -1;
        }
        int op = script[0] & 0xff;
        if (op == OP_0) {
            return 0;
        }
        if (op >= OP_1 && op <= OP_1 + 15) {
            return op - OP_1 + 1;
        }
        if (op < 1 || op > 8 || script.length < 1 + op) {
            return -1;
        }
        long v = 0;
        for (int i = op; i >= 1; i--) {
            v = (v << 8) | (script[i] & 0xff);
        }
        if ((script[op] & 0x80) != 0) {
            return -1;
        }
        return v;
    }

    /** A data push with the smallest opcode for its length (up to 255 bytes). */
    public static byte[] push(byte[] data) {
        if (data.length > 255) {
            throw new IllegalArgumentException("push of more than 255 bytes is not needed here");
        }
        ByteWriter w = new ByteWriter(data.length + 2);
        if (data.length >= OP_PUSHDATA1) {
            w.u8(OP_PUSHDATA1);
        }
        w.u8(data.length).bytes(data);
        return w.toByteArray();
    }

    private static byte[] scriptNum(long v) {
        ByteWriter w = new ByteWriter(9);
        long x = v;
        int last = 0;
        while (x != 0) {
            last = (int) (x & 0xff);
            w.u8(last);
            x >>>= 8;
        }
        if ((last & 0x80) != 0) {
            w.u8(0);
        }
        return w.toByteArray();
    }
}
