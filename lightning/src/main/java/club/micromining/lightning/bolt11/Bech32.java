package club.micromining.lightning.bolt11;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Bech32 (BIP 173) as BOLT 11 uses it: the original checksum, and no 90-character limit, since
 * invoices are longer. Kept here because bitcoinj's {@code org.bitcoinj.base.Bech32.decode} (0.17.1) refuses
 * any string over 90 characters ("Input too long"), which every invoice is; and its encoder takes 8-bit
 * bytes (or a witness program), while an invoice's data part is 5-bit words whose count is no multiple of
 * eight bits. LNURL's bech32 strings, which are whole bytes, are encoded with bitcoinj's ({@code LnurlAuth}); they
 * are longer than 90 characters too, so this is what reads one back.
 */
public final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    /** A decoded string: the human-readable part and the 5-bit words of the data, without checksum. */
    public record Decoded(String hrp, byte[] words) {
    }

    private Bech32() {
    }

    static String encode(String hrp, byte[] words) {
        byte[] checksum = checksum(hrp, words);
        StringBuilder sb = new StringBuilder(hrp.length() + 1 + words.length + 6).append(hrp).append('1');
        for (byte w : words) {
            sb.append(CHARSET.charAt(w));
        }
        for (byte w : checksum) {
            sb.append(CHARSET.charAt(w));
        }
        return sb.toString();
    }

    public static Decoded decode(String text) {
        if (!text.equals(text.toLowerCase(Locale.ROOT)) && !text.equals(text.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("mixed case");
        }
        String s = text.toLowerCase(Locale.ROOT);
        int sep = s.lastIndexOf('1');
        if (sep < 1 || sep + 7 > s.length()) {
            throw new IllegalArgumentException("no separator or too short");
        }
        String hrp = s.substring(0, sep);
        byte[] all = new byte[s.length() - sep - 1];
        for (int i = 0; i < all.length; i++) {
            int v = CHARSET.indexOf(s.charAt(sep + 1 + i));
            if (v < 0) {
                throw new IllegalArgumentException("invalid character '" + s.charAt(sep + 1 + i) + "'");
            }
            all[i] = (byte) v;
        }
        if (polymod(expand(hrp, all)) != 1) {
            throw new IllegalArgumentException("bad checksum");
        }
        return new Decoded(hrp, Arrays.copyOf(all, all.length - 6));
    }

    /** Regroups bits, e.g. 8-bit bytes into 5-bit words; pads the last group with zeros when asked. */
    public static byte[] convertBits(byte[] data, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * from / to + 1);
        for (byte b : data) {
            acc = (acc << from) | (b & ((1 << from) - 1));
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad && bits > 0) {
            out.write((acc << (to - bits)) & maxv);
        }
        return out.toByteArray();
    }

    private static byte[] checksum(String hrp, byte[] words) {
        byte[] values = expand(hrp, Arrays.copyOf(words, words.length + 6));
        int mod = polymod(values) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expand(String hrp, byte[] data) {
        byte[] out = new byte[hrp.length() * 2 + 1 + data.length];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >> 5);
            out[hrp.length() + 1 + i] = (byte) (hrp.charAt(i) & 31);
        }
        System.arraycopy(data, 0, out, hrp.length() * 2 + 1, data.length);
        return out;
    }

    private static int polymod(byte[] values) {
        int chk = 1;
        for (byte v : values) {
            int top = chk >>> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ (v & 0xff);
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) != 0) {
                    chk ^= GENERATOR[i];
                }
            }
        }
        return chk;
    }
}
