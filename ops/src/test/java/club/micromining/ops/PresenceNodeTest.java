package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which devices are online comes from the node's batched presence, not from starting device entities:
 * a device that only connected is listed and online; one that left is not; a node that starts again
 * counts none of the connections it held before.
 */
class PresenceNodeTest {

    private static JsonNode device(JsonNode account, String worker) {
        for (JsonNode d : account.path("devices")) {
            if (d.path("worker").asText().equals(worker)) {
                return d;
            }
        }
        return null;
    }

    @Test
    void devicesOnlineFollowConnectionsAndANodesRestart() throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-presence"), 0, TestNodes.freePort());
        env.put("POOL_PRESENCE_INTERVAL", "200ms");
        int api = Integer.parseInt(env.get("POOL_API_PORT"));
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            StratumTestClient idle = StratumTestClient.connect(node.stratumAddress()).handshake("erin.idle");
            try (StratumTestClient mining = StratumTestClient.connect(node.stratumAddress()).handshake("erin.bitaxe")) {
                assertThat(mining.submitShare().get("result").asBoolean()).isTrue();
                TestNodes.await(api, "/api/pool", p -> p.path("devicesOnline").asLong() == 2);
                JsonNode erin = TestNodes.await(api, "/api/accounts/erin", a -> a.path("devices").size() == 2);
                assertThat(device(erin, "idle").path("online").asBoolean()).isTrue();
                assertThat(device(erin, "idle").path("shares").asLong()).isZero();
                assertThat(device(erin, "bitaxe").path("online").asBoolean()).isTrue();
            }
            TestNodes.await(api, "/api/pool", p -> p.path("devicesOnline").asLong() == 1);
            JsonNode erin = TestNodes.json(api, "/api/accounts/erin");
            assertThat(device(erin, "bitaxe").path("online").asBoolean()).isFalse();
            assertThat(device(erin, "bitaxe").path("shares").asLong()).isEqualTo(1);
            idle.close();
        }
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            JsonNode pool = TestNodes.await(api, "/api/pool", p -> p.path("devicesOnline").asLong() == 0);
            assertThat(pool.path("shares").path("accepted").asLong()).isEqualTo(1);
            try (StratumTestClient back = StratumTestClient.connect(node.stratumAddress()).handshake("erin.idle")) {
                TestNodes.await(api, "/api/pool", p -> p.path("devicesOnline").asLong() == 1);
            }
        }
    }
}
