package club.micromining.stratum.bitcoin;

import java.util.Arrays;

/** A growable buffer for Bitcoin's little-endian wire format. */
public final class ByteWriter {
    private byte[] buf;
    private int size;

    public ByteWriter() {
        this(128);
    }

    public ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    public ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public ByteWriter u32le(int v) {
        ensure(4);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 24);
        return this;
    }

    public ByteWriter u64le(long v) {
        u32le((int) v);
        return u32le((int) (v >>> 32));
    }

    /** Bitcoin's CompactSize unsigned integer. */
    public ByteWriter varInt(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("varint cannot be negative");
        }
        if (v < 0xfd) {
            return u8((int) v);
        }
        if (v <= 0xffff) {
            u8(0xfd);
            u8((int) v);
            return u8((int) (v >>> 8));
        }
        if (v <= 0xffffffffL) {
            u8(0xfe);
            return u32le((int) v);
        }
        u8(0xff);
        return u64le(v);
    }

    public ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public ByteWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
        return this;
    }

    /** A length-prefixed byte string (script, witness item). */
    public ByteWriter varBytes(byte[] b) {
        varInt(b.length);
        return bytes(b);
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
