package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.ops.loadgen.WebSessions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's emulated pages are what a browser holds: each opens its push socket and is pushed the live figures. */
class WebSessionsTest {

    @Test
    void openPagesArePushedTheLiveDashboard() throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-webload"), 0, 0);
        env.put("POOL_WEB_ENABLED", "true");
        env.put("POOL_WEB_PORT", "0");
        env.put("POOL_SIMULATE_HASHRATE", "20000");
        env.put("POOL_PRESENCE_INTERVAL", "200ms");
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 2)) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            int exit = WebSessions.run(Options.parse(new String[] {"--url", "http://127.0.0.1:" + node.webPort() + "/",
                    "--sessions", "3", "--seconds", "4", "--ramp-ms", "100"}));
            System.setOut(console);
            String report = printed.toString(StandardCharsets.UTF_8);
            System.out.print(report);
            assertThat(exit).isZero();
            assertThat(report).contains("sessions: 3 of 3 with an open push websocket", "errors: 0");
            long pushes = Long.parseLong(report.replaceAll("(?s).*\\npushes: (\\d+).*", "$1"));
            assertThat(pushes).as("about one push a second to each page").isGreaterThanOrEqualTo(6);
        } finally {
            System.setOut(console);
        }
    }
}
