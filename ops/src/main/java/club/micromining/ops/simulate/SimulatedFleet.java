package club.micromining.ops.simulate;

import club.micromining.stratum.client.SimulatedMiner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** N simulated BitAxe devices mining against this node over real Stratum TCP. */
public final class SimulatedFleet implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedFleet.class);

    private final List<SimulatedMiner> miners;
    private final long started = System.nanoTime();

    private SimulatedFleet(List<SimulatedMiner> miners) {
        this.miners = miners;
    }

    /** Devices mining on the Stratum listener at {@code listener} (the address it is bound to). */
    public static SimulatedFleet start(int devices, InetSocketAddress listener, double hashesPerSecond) {
        String host = connectHost(listener.getAddress());
        List<SimulatedMiner> miners = new ArrayList<>(devices);
        for (int i = 1; i <= devices; i++) {
            String user = "sim" + (1 + (i - 1) / 4) + ".bitaxe-" + i;
            miners.add(new SimulatedMiner(host, listener.getPort(), user, hashesPerSecond).start());
        }
        log.info("Started {} simulated BitAxe devices at {} H/s each on {}:{} (accounts sim1, sim2, ... four devices each)",
                devices, String.format("%.0f", hashesPerSecond), host, listener.getPort());
        return new SimulatedFleet(miners);
    }
    /**
     * Where a device on this machine reaches a listener: the address it is bound to, or loopback when
     * it is bound to every address (0.0.0.0 or ::), which cannot be connected to as such everywhere.
     */
    static String connectHost(InetAddress bound) {
        return bound.isAnyLocalAddress() ? "127.0.0.1" : bound.getHostAddress();
    }

    public String summary() {
        long accepted = 0;
        long rejected = 0;
        long hashes = 0;
        for (SimulatedMiner m : miners) {
            accepted += m.accepted();
            rejected += m.rejected();
            hashes += m.hashes();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return String.format("simulated devices saw %d accepted, %d rejected; %d hashes, %.0f H/s", accepted, rejected,
                hashes, hashes / seconds);
    }

    @Override
    public void close() {
        miners.forEach(SimulatedMiner::close);
    }
}
