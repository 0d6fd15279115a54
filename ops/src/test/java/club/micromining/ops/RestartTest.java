package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import club.micromining.persistence.TestDatabases;
import club.micromining.persistence.db.DatabaseSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mine over TCP, stop the whole node, start a new one on the same database: the API shows exactly the
 * shares that were accepted, the same best difficulty, and an old share cannot be credited again. On
 * the embedded H2 file and on a real PostgreSQL (POOL_DB_URL).
 */
class RestartTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"H2", "PostgreSQL"})
    void acceptedSharesSurviveARestartAndAreNeverCreditedTwice(String database) throws Exception {
        Path data = Files.createTempDirectory("micromining-restart");
        Map<String, String> env = TestNodes.env(data, 0, 0);
        if (database.equals("PostgreSQL")) {
            DatabaseSettings postgres = TestDatabases.postgres();
            env.put("POOL_DB_URL", postgres.url());
            env.put("POOL_DB_USER", postgres.user());
        }
        int shares = 25;
        List<String[]> accepted = new ArrayList<>();
        double best;
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            int api = node.apiAddress().getPort();
            try (StratumTestClient miner = StratumTestClient.connect(node.stratumAddress()).handshake("carol.bitaxe")) {
                for (int i = 0; i < shares; i++) {
                    String[] share = miner.mine(true, 0);
                    assertThat(miner.submit(share).get("result").asBoolean()).isTrue();
                    accepted.add(share);
                }
                assertThat(miner.submit(miner.mine(false, 0)).get("error").get(0).asInt()).isEqualTo(23);
                assertThat(miner.submit(accepted.get(0)).get("error").get(0).asInt()).isEqualTo(22);
            }
            JsonNode pool = TestNodes.await(api, "/api/pool", p -> p.path("shares").path("accepted").asLong() == shares
                    && p.path("shares").path("rejected").asLong() == 2);
            assertThat(pool.path("shares").path("rejectedByReason").path("LOW_DIFFICULTY").asLong()).isEqualTo(1);
            assertThat(pool.path("shares").path("rejectedByReason").path("DUPLICATE").asLong()).isEqualTo(1);
            JsonNode account = TestNodes.await(api, "/api/accounts/carol", a -> a.path("balanceMsat").asLong() > 0);
            best = account.path("devices").get(0).path("bestDifficulty").asDouble();
            assertThat(account.path("devices").get(0).path("shares").asLong()).isEqualTo(shares);
            assertThat(best).isGreaterThanOrEqualTo(1e-6);
        }

        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            int api = node.apiAddress().getPort();
            JsonNode pool = TestNodes.await(api, "/api/pool", p -> p.path("shares").path("accepted").asLong() == shares);
            assertThat(pool.path("shares").path("rejected").asLong()).isEqualTo(2);
            JsonNode account = TestNodes.json(api, "/api/accounts/carol");
            assertThat(account.path("devices").get(0).path("shares").asLong()).isEqualTo(shares);
            assertThat(account.path("devices").get(0).path("bestDifficulty").asDouble()).isEqualTo(best);

            try (StratumTestClient miner = StratumTestClient.connect(node.stratumAddress()).handshake("carol.bitaxe")) {
                for (String[] old : accepted.subList(0, 5)) {
                    JsonNode reply = miner.submit(old);
                    assertThat(reply.get("result").asBoolean()).isFalse();
                    assertThat(reply.get("error").get(0).asInt()).isIn(21, 22);
                }
                assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
            }
            TestNodes.await(api, "/api/pool", p -> p.path("shares").path("accepted").asLong() == shares + 1);
            var unknown = TestNodes.get(api, "/api/accounts/nobody");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(TestNodes.json(api, "/api/accounts/nobody").path("error").asText()).isEqualTo("unknown account 'nobody'");
            assertThat(TestNodes.get(api, "/api/accounts/no.body").statusCode()).isEqualTo(400);
        }
    }
}
