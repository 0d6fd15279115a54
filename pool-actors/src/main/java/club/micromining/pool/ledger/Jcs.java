package club.micromining.pool.ledger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The RFC 8785 JSON Canonicalization Scheme: object members sorted by their names' UTF-16 code units, no
 * white space, strings escaped as ECMAScript's JSON.stringify does, numbers as ECMAScript prints an IEEE-754
 * double. The ledger's bytes are these, so any JCS implementation reproduces them.
 */
public final class Jcs {
    /** Reads JSON as JCS expects it: duplicate member names refused, numbers as doubles unless integral. */
    public static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Jcs() {
    }

    public static byte[] canonical(JsonNode node) {
        StringBuilder b = new StringBuilder(256);
        write(b, node);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String canonicalText(JsonNode node) {
        StringBuilder b = new StringBuilder(256);
        write(b, node);
        return b.toString();
    }

    /** Parses JSON text; a duplicate member name or trailing text is refused. */
    public static JsonNode parse(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            return JSON.readTree(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
    }

    private static void write(StringBuilder b, JsonNode n) {
        switch (n.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                Iterator<String> it = n.fieldNames();
                it.forEachRemaining(names::add);
                // String.compareTo orders by UTF-16 code units, which is what RFC 8785 asks for.
                names.sort(String::compareTo);
                b.append('{');
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    string(b, names.get(i));
                    b.append(':');
                    write(b, n.get(names.get(i)));
                }
                b.append('}');
            }
            case ARRAY -> {
                b.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(b, n.get(i));
                }
                b.append(']');
            }
            case STRING -> string(b, n.textValue());
            case BOOLEAN -> b.append(n.booleanValue());
            case NULL -> b.append("null");
            case NUMBER -> b.append(number(n.isIntegralNumber() ? n.bigIntegerValue().doubleValue() : n.doubleValue()));
            default -> throw new IllegalArgumentException("not JSON: " + n.getNodeType());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("a lone surrogate has no UTF-8 form");
            }
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** ECMAScript's Number.prototype.toString for a finite double (ECMA-262, 7.1.12.1), as RFC 8785 uses it. */
    public static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("JSON has no " + d);
        }
        if (d == 0) {
            return "0";
        }
        if (d < 0) {
            return "-" + number(-d);
        }
        // The fewest significant digits that read back as the same double, the nearest of them.
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == d) {
                shortest = r.stripTrailingZeros();
                break;
            }
        }
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        int n = k - shortest.scale();
        StringBuilder b = new StringBuilder(24);
        if (k <= n && n <= 21) {
            b.append(digits);
            b.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            b.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            b.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            int e = n - 1;
            b.append(digits.charAt(0));
            if (k > 1) {
                b.append('.').append(digits, 1, k);
            }
            b.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return b.toString();
    }
}
