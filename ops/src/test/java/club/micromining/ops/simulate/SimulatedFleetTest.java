package club.micromining.ops.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.TestPool;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedFleetTest {

    @Test
    void devicesReachAListenerBoundToOneAddressOtherThan127001() throws InterruptedException {
        // Linux routes all of 127.0.0.0/8 to loopback, so 127.0.0.2 stands in for a LAN address here.
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.bind-host", "127.0.0.2"));
             SimulatedFleet fleet = SimulatedFleet.start(2, pool.address(), 200_000)) {
            assertThat(pool.address().getAddress().getHostAddress()).isEqualTo("127.0.0.2");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (pool.shares().recent().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(pool.shares().recent()).as(fleet.summary()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(pool.shares().recent()).extracting(s -> s.account()).containsOnly("sim1");
        }
    }

    @Test
    void aWildcardListenerIsReachedOnLoopback() throws Exception {
        assertThat(SimulatedFleet.connectHost(InetAddress.getByName("0.0.0.0"))).isEqualTo("127.0.0.1");
        assertThat(SimulatedFleet.connectHost(InetAddress.getByName("::"))).isEqualTo("127.0.0.1");
        assertThat(SimulatedFleet.connectHost(InetAddress.getByName("192.0.2.20"))).isEqualTo("192.0.2.20");
        assertThat(SimulatedFleet.connectHost(InetAddress.getByName("::1"))).isEqualTo("0:0:0:0:0:0:0:1");
    }
}
