package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {

    @Test
    void connectionsBeyondThePerAddressLimitAreRefusedOthersKeepMining() {
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.limits.max-connections-per-address", "3"))) {
            List<StratumTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(pool.client().handshake("limit.w" + i));
                }
                StratumTestClient fourth = pool.client();
                clients.add(fourth);
                assertThat(fourth.awaitClosed(Duration.ofSeconds(10))).isTrue();
                assertThat(clients.get(0).submitShare().get("result").asBoolean()).isTrue();

                clients.get(1).close();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (pool.edge().openConnections() > 2 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                StratumTestClient again = pool.client().handshake("limit.again");
                clients.add(again);
                assertThat(again.submitShare().get("result").asBoolean()).isTrue();
            } finally {
                clients.forEach(StratumTestClient::close);
            }
        }
    }

    @Test
    void aConnectionThatNeverAuthorizesIsClosed() {
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.limits.handshake-timeout", "1s"));
             StratumTestClient silent = pool.client();
             StratumTestClient miner = pool.client().handshake("patient.miner")) {
            assertThat(silent.awaitClosed(Duration.ofSeconds(15))).isTrue();
            assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
        }
    }
}
