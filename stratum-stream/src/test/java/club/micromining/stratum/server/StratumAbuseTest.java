package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input ends at most the connection it came from: every scenario runs while a second device keeps
 * mining, and that device must see every share accepted, before, during and after.
 */
class StratumAbuseTest {
    private static TestPool pool;
    private static LogCapture serverLog;
    private SteadyMiner steady;

    @BeforeAll
    static void start() {
        serverLog = LogCapture.of(StratumServer.class);
        pool = TestPool.start(Map.of(
                "micromining.stratum.limits.max-connections-per-address", "5000",
                "micromining.stratum.limits.max-protocol-errors", "5",
                "micromining.stratum.limits.max-submits-per-second", "50"));
    }

    @AfterAll
    static void stop() {
        pool.close();
        serverLog.close();
    }

    @BeforeEach
    void startSteadyMiner() throws InterruptedException {
        steady = new SteadyMiner(pool, "steady.miner");
        steady.awaitMore(3);
    }

    @AfterEach
    void steadyMinerWasUnaffected() throws InterruptedException {
        steady.awaitMore(5);
        assertThat(steady.problem()).isNull();
        steady.close();
    }

    @Test
    void malformedJsonFloodClosesOnlyThatConnection() throws InterruptedException {
        try (StratumTestClient bad = pool.client()) {
            try {
                for (int i = 0; i < 10; i++) {
                    bad.sendRaw("{\"id\": 1, \"method\": ");
                }
            } catch (UncheckedIOException e) {
                // the pool closes after the sixth: a later line may meet a closed socket
            }
            assertThat(bad.awaitClosed(Duration.ofSeconds(10))).isTrue();
            serverLog.await("WARN Closing connection from .*:" + bad.localPort() + ": 6 malformed or unknown requests in a row");
        }
    }

    @Test
    void unknownMethodsAreAnsweredAndThenTheConnectionClosed() throws InterruptedException {
        try (StratumTestClient bad = pool.client()) {
            try {
                for (int i = 0; i < 10; i++) {
                    bad.request("mining.launch_rockets", i);
                }
            } catch (UncheckedIOException e) {
                // the pool closes after the sixth: a later request may meet a closed socket
            }
            assertThat(bad.awaitClosed(Duration.ofSeconds(10))).isTrue();
            serverLog.await("WARN Closing connection from .*:" + bad.localPort() + ": 6 malformed or unknown requests in a row");
            assertThat(bad.received()).hasSizeGreaterThanOrEqualTo(5)
                    .allSatisfy(m -> assertThat(m.get("error").get(0).asInt()).isEqualTo(20));
        }
    }

    @Test
    void aMebibyteWithoutNewlineClosesThatConnection() throws InterruptedException {
        try (StratumTestClient bad = pool.client()) {
            byte[] junk = new byte[1 << 20];
            Arrays.fill(junk, (byte) 'a');
            try {
                bad.sendBytes(junk);
            } catch (RuntimeException e) {
                // the pool may close before all of it is written
            }
            assertThat(bad.awaitClosed(Duration.ofSeconds(10))).isTrue();
            serverLog.await("WARN Closing connection from .*:" + bad.localPort()
                    + ": sent a line longer than the limit without a newline");
        }
    }

    @Test
    void aThousandConnectionsOpenedAndDroppedAtOnce() throws Exception {
        int before = pool.edge().openConnections();
        List<Socket> sockets = new ArrayList<>();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", pool.address().getPort());
        for (int i = 0; i < 1000; i++) {
            Socket s = new Socket();
            s.connect(address, 10_000);
            sockets.add(s);
        }
        for (int i = 0; i < sockets.size(); i += 2) {
            OutputStream out = sockets.get(i).getOutputStream();
            out.write("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}\n".getBytes());
            out.flush();
        }
        for (Socket s : sockets) {
            s.setSoLinger(true, 0);
            s.close();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pool.edge().openConnections() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(pool.edge().openConnections()).isEqualTo(before);
        assertThat(pool.edge().stats().connections()).isEqualTo(before);
    }

    @Test
    void aSubmitFloodClosesOnlyThatConnection() throws InterruptedException {
        try (StratumTestClient bad = pool.client().handshake("flood.er")) {
            String[] share = bad.mine(true, 0);
            try {
                for (int i = 0; i < 400; i++) {
                    bad.request("mining.submit", (Object[]) share);
                }
            } catch (RuntimeException e) {
                // the pool closed the connection before the flood was over
            }
            assertThat(bad.awaitClosed(Duration.ofSeconds(10))).isTrue();
            serverLog.await("WARN Closing connection from .*:" + bad.localPort() + ": more than 50.0 submits per second");
        }
    }

    @Test
    void aClientThatVanishesMidLineIsCleanedUp() throws IOException, InterruptedException {
        int before = pool.edge().openConnections();
        try (Socket s = new Socket("127.0.0.1", pool.address().getPort())) {
            s.getOutputStream().write("{\"id\":1,\"method\":\"mining.sub".getBytes());
            s.getOutputStream().flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pool.edge().openConnections() > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(pool.edge().openConnections()).isEqualTo(before);
    }
}
