package club.micromining.persistence.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Stamps a digest with OpenTimestamps calendars and writes the detached {@code .ots} proof, by the
 * documented wire format (the Java library on Maven Central is built on bitcoinj 0.14, which cannot live
 * beside the pool's bitcoinj). A calendar answers {@code POST <calendar>/digest} (the raw digest as the
 * body) with a serialized timestamp of that digest, pending until the calendar's next Bitcoin transaction;
 * {@code ots upgrade} later completes the proof with the block.
 */
public final class OpenTimestamps {
    /** The detached timestamp file's header, then major version 1. */
    static final byte[] MAGIC = HexFormat.of().parseHex("004f70656e54696d657374616d7073000050726f6f6600bf89e2e884e89294");
    private static final int OP_SHA256 = 0x08;
    private static final int FORK = 0xff;
    private static final int MAX_ANSWER = 10_000;

    private final List<URI> calendars;
    private final HttpClient http;
    private final Duration timeout;

    public OpenTimestamps(List<URI> calendars, Duration timeout) {
        this.calendars = List.copyOf(calendars);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public boolean enabled() {
        return !calendars.isEmpty();
    }

    /**
     * Submits the 32-byte digest (as the SHA-256 "file digest" of the proof) to every calendar.
     *
     * @return the {@code .ots} file of the calendars that answered
     * @throws IOException when none did
     */
    public byte[] stamp(byte[] digest) throws IOException, InterruptedException {
        List<byte[]> answers = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (URI calendar : calendars) {
            URI url = URI.create(calendar.toString().replaceAll("/+$", "") + "/digest");
            try {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).timeout(timeout)
                        .header("Accept", "application/vnd.opentimestamps.v1").header("User-Agent", "micromining-pool")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(digest)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200 || r.body().length == 0 || r.body().length > MAX_ANSWER) {
                    failures.add(calendar + " answered " + r.statusCode());
                } else {
                    answers.add(r.body());
                }
            } catch (IOException e) {
                failures.add(calendar + ": " + e.getMessage());
            }
        }
        if (answers.isEmpty()) {
            throw new IOException("no calendar stamped the root: " + String.join("; ", failures));
        }
        return detached(digest, answers);
    }

    /** magic ‖ 0x01 ‖ sha256 ‖ digest ‖ the calendars' timestamps as branches (every one but the last after 0xff). */
    static byte[] detached(byte[] digest, List<byte[]> timestamps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(OP_SHA256);
        out.writeBytes(digest);
        for (int i = 0; i < timestamps.size(); i++) {
            if (i < timestamps.size() - 1) {
                out.write(FORK);
            }
            out.writeBytes(timestamps.get(i));
        }
        return out.toByteArray();
    }

    /** POOL_OTS_CALENDARS: comma-separated http(s) URLs. */
    public static List<URI> calendars(String list) {
        List<URI> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            URI u = URI.create(s.trim());
            if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("'" + s.trim() + "' is not an http(s) URL");
            }
            out.add(u);
        }
        return out;
    }
}
