package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.MerkleTreeHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against calendar stand-ins on loopback that answer as opentimestamps-server does: a pending attestation of the digest. */
class OpenTimestampsTest {
    private static final HexFormat HEX = HexFormat.of();

    /** python-opentimestamps' test vector: the empty file's SHA-256, pending at 'foobar'. */
    @Test
    void theDetachedFileIsWhatTheReferenceWrites() {
        byte[] digest = HEX.parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        byte[] pending = HEX.parseHex("0083dfe30d2ef90c8e0706666f6f626172");
        assertThat(HEX.formatHex(OpenTimestamps.detached(digest, List.of(pending)))).isEqualTo(
                "004f70656e54696d657374616d7073000050726f6f6600bf89e2e884e892940108e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                        + "0083dfe30d2ef90c8e0706666f6f626172");
    }

    static HttpServer calendar(String name, List<byte[]> received) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/digest", exchange -> {
            byte[] digest = exchange.getRequestBody().readAllBytes();
            received.add(digest);
            byte[] uri = name.getBytes();
            byte[] answer = new byte[1 + 8 + 2 + uri.length];
            answer[0] = 0;
            System.arraycopy(HEX.parseHex("83dfe30d2ef90c8e"), 0, answer, 1, 8);
            answer[9] = (byte) (uri.length + 1);
            answer[10] = (byte) uri.length;
            System.arraycopy(uri, 0, answer, 11, uri.length);
            boolean ok = "POST".equals(exchange.getRequestMethod()) && digest.length == 32;
            exchange.sendResponseHeaders(ok ? 200 : 400, ok ? answer.length : -1);
            if (ok) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void everyCalendarStampsTheRootAndTheirAnswersAreBranches() throws Exception {
        List<byte[]> received = new ArrayList<>();
        HttpServer a = calendar("alice", received);
        HttpServer b = calendar("bob", received);
        try {
            byte[] root = MerkleTreeHash.leafHash(new byte[] {1});
            OpenTimestamps ots = new OpenTimestamps(List.of(URI.create("http://127.0.0.1:" + a.getAddress().getPort()),
                    URI.create("http://127.0.0.1:" + b.getAddress().getPort() + "/")), Duration.ofSeconds(5));
            byte[] file = ots.stamp(root);
            assertThat(received).hasSize(2).allSatisfy(d -> assertThat(d).isEqualTo(root));
            assertThat(HEX.formatHex(file)).isEqualTo(HEX.formatHex(OpenTimestamps.MAGIC) + "0108" + HEX.formatHex(root)
                    + "ff0083dfe30d2ef90c8e0605" + HEX.formatHex("alice".getBytes()) + "0083dfe30d2ef90c8e0403" + HEX.formatHex("bob".getBytes()));
        } finally {
            a.stop(0);
            b.stop(0);
        }
    }

    @Test
    void noCalendarAnsweringIsAFailureToTryAgain() {
        OpenTimestamps ots = new OpenTimestamps(List.of(URI.create("http://127.0.0.1:9")), Duration.ofSeconds(2));
        assertThatThrownBy(() -> ots.stamp(new byte[32])).isInstanceOf(IOException.class).hasMessageContaining("no calendar");
        assertThatThrownBy(() -> OpenTimestamps.calendars("ftp://x")).isInstanceOf(IllegalArgumentException.class);
    }
}
