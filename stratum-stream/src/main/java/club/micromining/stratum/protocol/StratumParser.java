package club.micromining.stratum.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes JSON-RPC lines with Jackson's streaming parser: only {@code id}, {@code method} and
 * {@code params} are kept, as plain values, so a {@code mining.submit} costs a handful of small strings
 * and no general JSON tree.
 */
public final class StratumParser {
    private static final int MAX_DEPTH = 8;
    private static final byte[] NULL_ID = "null".getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(64).build())
            .build();

    private StratumParser() {
    }

    public static StratumRequest parse(byte[] line) throws MalformedRequestException {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("a request must be a JSON object");
            }
            byte[] id = NULL_ID;
            String method = null;
            List<Object> params = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> id = idText(p, value);
                    case "method" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new MalformedRequestException("method must be a string");
                        }
                        method = p.getText();
                    }
                    case "params" -> {
                        if (value == JsonToken.START_ARRAY) {
                            params = readArray(p, 1);
                        } else if (value == JsonToken.START_OBJECT) {
                            params = List.of(readObject(p, 1));
                        } else if (value != JsonToken.VALUE_NULL) {
                            throw new MalformedRequestException("params must be an array");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new MalformedRequestException("trailing data after the request object");
            }
            return new StratumRequest(id, method, params);
        } catch (IOException e) {
            throw new MalformedRequestException("malformed JSON: " + firstLine(e.getMessage()));
        }
    }

    private static byte[] idText(JsonParser p, JsonToken t) throws IOException, MalformedRequestException {
        return switch (t) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_NULL, VALUE_TRUE, VALUE_FALSE ->
                    p.getText().getBytes(StandardCharsets.US_ASCII);
            case VALUE_STRING -> StratumMessages.quote(p.getText()).getBytes(StandardCharsets.UTF_8);
            default -> throw new MalformedRequestException("id must be a number, a string or null");
        };
    }

    private static List<Object> readArray(JsonParser p, int depth) throws IOException, MalformedRequestException {
        List<Object> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            out.add(readValue(p, t, depth));
        }
        return out;
    }

    private static Map<String, Object> readObject(JsonParser p, int depth) throws IOException, MalformedRequestException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            out.put(name, readValue(p, p.nextToken(), depth));
        }
        return out;
    }

    private static Object readValue(JsonParser p, JsonToken t, int depth) throws IOException, MalformedRequestException {
        if (t == null) {
            throw new MalformedRequestException("unexpected end of input");
        }
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_ARRAY -> readArray(p, depth + 1);
            case START_OBJECT -> readObject(p, depth + 1);
            default -> throw new MalformedRequestException("unexpected " + t);
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable input";
        }
        int nl = s.indexOf('\n');
        String first = nl < 0 ? s : s.substring(0, nl);
        return first.length() > 160 ? first.substring(0, 160) + "..." : first;
    }
}
