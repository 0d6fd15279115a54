package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.ledger.MerkleTreeHash;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One entry of the public ledger: exactly {@code seq}, {@code time}, {@code kind}, {@code payload} and
 * {@code prev}; its bytes are their RFC 8785 form and its hash the RFC 6962 leaf hash of those bytes.
 */
public record LedgerEntry(long seq, String time, String kind, ObjectNode payload, String prev) {
    public static final String ZERO = "0".repeat(64);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern KIND = Pattern.compile("[a-z]+(-[a-z]+)*");
    private static final Pattern TIME_TEXT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> KEYS = Set.of("seq", "time", "kind", "payload", "prev");
    /** Integers a double holds exactly; JCS writes numbers as doubles. */
    private static final long MAX_EXACT = (1L << 53) - 1;

    public static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    public ObjectNode json() {
        ObjectNode o = Jcs.JSON.createObjectNode();
        o.put("seq", seq).put("time", time).put("kind", kind);
        o.set("payload", payload);
        o.put("prev", prev);
        return o;
    }

    public byte[] canonical() {
        return Jcs.canonical(json());
    }

    public byte[] leafHash() {
        return MerkleTreeHash.leafHash(canonical());
    }

    public String hashHex() {
        return HexFormat.of().formatHex(leafHash());
    }

    /** Reads an entry, refusing anything the encoding does not allow (other keys, floating point, a bad time). */
    public static LedgerEntry of(JsonNode n) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("an entry is a JSON object");
        }
        Iterator<String> names = n.fieldNames();
        int count = 0;
        while (names.hasNext()) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException("an entry has no key '" + name + "'");
            }
            count++;
        }
        if (count != KEYS.size()) {
            throw new IllegalArgumentException("an entry has exactly the keys seq, time, kind, payload, prev");
        }
        if (!n.get("seq").isIntegralNumber() || n.get("seq").asLong() < 0) {
            throw new IllegalArgumentException("seq is a non-negative integer");
        }
        String time = n.get("time").asText("");
        if (!n.get("time").isTextual() || !TIME_TEXT.matcher(time).matches()) {
            throw new IllegalArgumentException("time is UTC ISO-8601 with milliseconds and Z");
        }
        String kind = n.get("kind").asText("");
        if (!n.get("kind").isTextual() || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("kind is a lower-case word");
        }
        if (!n.get("payload").isObject()) {
            throw new IllegalArgumentException("payload is an object");
        }
        noFloatingPoint(n.get("payload"), "payload");
        String prev = n.get("prev").asText("");
        if (!n.get("prev").isTextual() || !HASH.matcher(prev).matches()) {
            throw new IllegalArgumentException("prev is 64 lower-case hex digits");
        }
        return new LedgerEntry(n.get("seq").asLong(), time, kind, (ObjectNode) n.get("payload"), prev);
    }

    private static void noFloatingPoint(JsonNode n, String where) {
        if (n.isNumber()) {
            if (!n.isIntegralNumber() || !n.canConvertToLong() || Math.abs(n.asLong()) > MAX_EXACT) {
                throw new IllegalArgumentException(where + " is not an integer a double holds exactly (" + n + ")");
            }
        } else if (n.isObject()) {
            n.fields().forEachRemaining(e -> noFloatingPoint(e.getValue(), where + "." + e.getKey()));
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                noFloatingPoint(n.get(i), where + "[" + i + "]");
            }
        }
    }
}
