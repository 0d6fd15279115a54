package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTest {
    private LogCapture serverLog;

    @BeforeEach
    void captureServerLog() {
        serverLog = LogCapture.of(StratumServer.class);
    }

    @AfterEach
    void releaseServerLog() {
        serverLog.close();
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreRefusedOthersKeepMining() throws InterruptedException {
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.limits.max-connections-per-address", "3"))) {
            List<StratumTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(pool.client().handshake("limit.w" + i));
                }
                StratumTestClient fourth = pool.client();
                clients.add(fourth);
                assertThat(fourth.awaitClosed(Duration.ofSeconds(10))).isTrue();
                serverLog.await("WARN Refusing connection from .*:" + fourth.localPort()
                        + ": more than 3 connections from this address");
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
    void aConnectionThatNeverAuthorizesIsClosed() throws InterruptedException {
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.limits.handshake-timeout", "1s"));
             StratumTestClient silent = pool.client();
             StratumTestClient miner = pool.client().handshake("patient.miner")) {
            assertThat(silent.awaitClosed(Duration.ofSeconds(15))).isTrue();
            serverLog.await("WARN Closing connection from .*:" + silent.localPort() + ": not authorized within 1 s");
            assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
        }
    }

    @Test
    void anAuthorizedConnectionThatFallsSilentIsClosedWhileAMiningOneStays() throws InterruptedException {
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.limits.idle-timeout", "2s"));
             StratumTestClient silent = pool.client().handshake("quiet.bitaxe");
             SteadyMiner miner = new SteadyMiner(pool, "busy.bitaxe")) {
            miner.awaitMore(3);
            assertThat(silent.awaitClosed(Duration.ofSeconds(15))).isTrue();
            serverLog.await("WARN Closing connection from .*:" + silent.localPort() + ": idle for 2 s");

            miner.awaitMore(5);
            assertThat(miner.problem()).isNull();
            assertThat(pool.edge().openConnections()).isEqualTo(1);
        }
    }
}
