package club.micromining.stratum.protocol;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes the pool's side of Stratum V1 as newline-terminated JSON. The common replies are a fixed
 * prefix and suffix around the request's id, so answering a share allocates one small array.
 */
public final class StratumMessages {
    private static final byte[] RESULT_PREFIX = ascii("{\"id\":");
    private static final byte[] TRUE_SUFFIX = ascii(",\"result\":true,\"error\":null}\n");

    private StratumMessages() {
    }

    /** {@code {"id":<id>,"result":true,"error":null}}. */
    public static byte[] resultTrue(byte[] id) {
        return concat(RESULT_PREFIX, id, TRUE_SUFFIX);
    }

    /** A reply whose result is the given JSON text. */
    public static byte[] result(byte[] id, String resultJson) {
        return concat(RESULT_PREFIX, id, ascii(",\"result\":" + resultJson + ",\"error\":null}\n"));
    }

    /**
     * An error reply in Stratum's form {@code [code, message, null]}; {@code result} is {@code false} for
     * a refused authorization and {@code null} otherwise.
     */
    public static byte[] error(byte[] id, int code, String message, boolean resultFalse) {
        String tail = ",\"result\":" + (resultFalse ? "false" : "null") + ",\"error\":[" + code + "," + quote(message) + ",null]}\n";
        return concat(RESULT_PREFIX, id, tail.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] setDifficulty(double difficulty) {
        return ascii("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[" + formatDifficulty(difficulty) + "]}\n");
    }

    /** The subscription result: the subscribed notifications, extranonce1 and the extranonce2 size. */
    public static String subscribeResult(String subscriptionId, String extranonce1Hex, int extranonce2Size) {
        String sub = quote(subscriptionId);
        return "[[[\"mining.set_difficulty\"," + sub + "],[\"mining.notify\"," + sub + "]],"
                + quote(extranonce1Hex) + "," + extranonce2Size + "]";
    }

    /** A JSON object of extension results for {@code mining.configure}: booleans and strings. */
    public static String object(Map<String, Object> fields) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(quote(e.getKey())).append(':');
            Object v = e.getValue();
            sb.append(v instanceof String s ? quote(s) : String.valueOf(v));
        }
        return sb.append('}').toString();
    }

    /**
     * A difficulty as a JSON number: whole numbers without a fraction (firmware such as NerdQAxe
     * truncates fractions), fractions (regtest only) in plain decimal notation.
     */
    public static String formatDifficulty(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return Long.toString((long) d);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
