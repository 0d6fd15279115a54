package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A node that stops asks its miners to connect again before it closes their connections: ESP-Miner then
 * connects at once to the address it was set up with, which in a cluster is another node.
 */
class LeavingNodeTest {

    @Test
    void aStoppingEdgeSendsClientReconnectThenCloses() {
        TestPool pool = TestPool.start(Map.of());
        try (StratumTestClient miner = pool.client()) {
            miner.handshake("acct.rig");
            assertThat(miner.submitShare().path("result").asBoolean()).isTrue();

            pool.close();

            JsonNode reconnect = miner.notification("client.reconnect");
            assertThat(reconnect.path("params").isArray()).isTrue();
            assertThat(reconnect.path("params")).as("no new address: the one the miner was set up with").isEmpty();
            assertThat(miner.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
    }
}
