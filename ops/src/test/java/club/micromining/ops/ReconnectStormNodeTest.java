package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.ops.loadgen.LoadGenerator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node that restarts gets all its devices back at once. Here 400 connect in the same instant to a node on
 * the embedded database, each sending ESP-Miner's handshake back to back, with a handshake allowance of two
 * seconds (a thirtieth of the default): every one is authorized and gets a job, and none is closed, however
 * long the node takes to come round to it; then they submit, and every submit is answered.
 */
class ReconnectStormNodeTest {

    @Test
    void fourHundredDevicesConnectingAtOnceAreAllReadyAndNoneIsClosed() throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-storm"), 0, TestNodes.freePort());
        env.put("POOL_HANDSHAKE_TIMEOUT", "2s");
        env.put("POOL_MAX_CONNECTIONS_PER_ADDRESS", "1000");
        int api = Integer.parseInt(env.get("POOL_API_PORT"));
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            LoadGenerator.Report r = LoadGenerator.run(node.stratumAddress(), 400, 200, 2,
                    new PrintStream(printed, true, StandardCharsets.UTF_8));

            assertThat(r.ready()).as(printed.toString(StandardCharsets.UTF_8)).isEqualTo(400);
            assertThat(r.held()).as("connections the node closed").isEqualTo(400);
            assertThat(r.submits()).isPositive();
            assertThat(r.responses()).isEqualTo(r.submits());
            TestNodes.await(api, "/api/pool", p -> p.path("devicesOnline").asLong() == 400);
        }
    }
}
