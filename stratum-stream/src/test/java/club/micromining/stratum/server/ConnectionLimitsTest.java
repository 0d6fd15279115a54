package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.share.ShareRecorder;
import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    /**
     * The node is the slow one here: a share waits for the recorder and fills the in-flight bound, so no
     * connection's lines are read. Miners that sent their whole handshake at once wait six times their
     * handshake allowance and are not closed: that time was the node's. Once the recorder answers, every one
     * is authorized and gets a job.
     */
    @Test
    void minersWaitingForTheNodeAreNotClosedByTheirHandshakeTimeout() throws InterruptedException {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        ShareRecorder held = share -> gate;
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.limits.handshake-timeout", "1s",
                "micromining.stratum.limits.max-in-flight-shares", "1"), held);
             StratumTestClient first = pool.client().handshake("early.bitaxe")) {
            int share = first.request("mining.submit", (Object[]) first.mine(true, 0));
            List<StratumTestClient> waiting = new ArrayList<>();
            List<int[]> ids = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    StratumTestClient c = pool.client();
                    waiting.add(c);
                    ids.add(new int[] {c.request("mining.subscribe", "bitaxe/BM1370/test"),
                            c.request("mining.authorize", "late.w" + i, "x")});
                }
                Thread.sleep(6_500); // past the first tick (5 s), where the allowance is checked
                for (StratumTestClient c : waiting) {
                    assertThat(c.awaitClosed(Duration.ZERO)).as("connection %d closed", c.localPort()).isFalse();
                }
                gate.complete(null);
                assertThat(first.reply(share).get("result").asBoolean()).isTrue();
                for (int i = 0; i < waiting.size(); i++) {
                    StratumTestClient c = waiting.get(i);
                    assertThat(c.reply(ids.get(i)[0]).get("result").isArray()).isTrue();
                    assertThat(c.reply(ids.get(i)[1]).get("result").asBoolean()).isTrue();
                    assertThat(c.notification("mining.notify").get("params").get(0).asText()).isNotEmpty();
                }
                assertThat(serverLog.messages()).noneMatch(line -> line.contains("not authorized within"));
            } finally {
                waiting.forEach(StratumTestClient::close);
            }
        }
    }

    /**
     * A miner that sends and never reads: once the socket's buffers are full, what the node still has to send
     * waits in its queue, up to its limit, and then the connection is closed; nothing is buffered for it
     * without bound, and a miner that reads keeps mining.
     */
    @Test
    void aMinerThatNeverReadsIsClosedWhenItsQueueIsFull() throws Exception {
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.limits.max-queued-messages", "16",
                "micromining.stratum.limits.max-submits-per-second", "1000000"));
             StratumTestClient miner = pool.client().handshake("reading.bitaxe");
             Socket deaf = new Socket()) {
            deaf.setReceiveBufferSize(4096);
            deaf.connect(pool.address());
            OutputStream out = deaf.getOutputStream();
            out.write(("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n"
                    + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"deaf.bitaxe\",\"x\"]}\n")
                    .getBytes(StandardCharsets.US_ASCII));
            // Each answered at once (a job the pool never sent), each answer about a hundred bytes.
            byte[] submit = "{\"id\":3,\"method\":\"mining.submit\",\"params\":[\"deaf.bitaxe\",\"ffff\",\"00000000\",\"00000000\",\"00000000\"]}\n"
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] many = new byte[submit.length * 1000];
            for (int i = 0; i < 1000; i++) {
                System.arraycopy(submit, 0, many, i * submit.length, submit.length);
            }
            try {
                for (int i = 0; i < 2_000; i++) {
                    out.write(many);
                }
            } catch (IOException closedByThePool) {
                // The node closed the connection while it was still being written to.
            }
            serverLog.await("WARN Closing connection from .*:" + deaf.getLocalPort() + ": does not read what the pool sends");
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
