package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.ops.loadgen.LoadGenerator;
import club.micromining.stratum.testkit.TestPool;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    @Test
    void drivesThePoolAndReportsItsFigures() throws Exception {
        try (TestPool pool = TestPool.start(Map.of(
                "micromining.stratum.difficulty.min", "1e-10",
                "micromining.stratum.difficulty.start", "1e-10",
                "micromining.stratum.difficulty.max", "1e-10"))) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
            LoadGenerator.Report r = LoadGenerator.run(
                    new InetSocketAddress("127.0.0.1", pool.address().getPort()), 20, 400, 2, out);

            assertThat(r.held()).isEqualTo(20);
            assertThat(r.submits()).isBetween(700L, 900L);
            assertThat(r.responses()).isEqualTo(r.submits());
            assertThat(r.accepted()).isEqualTo(r.submits());
            assertThat(r.p99Millis()).isPositive();
            assertThat(pool.edge().stats().accepted()).isEqualTo(r.accepted());
            String printed = buffer.toString(StandardCharsets.UTF_8);
            assertThat(printed).contains("connections held: 20 of 20").contains("latency: p50");
        }
    }
}
