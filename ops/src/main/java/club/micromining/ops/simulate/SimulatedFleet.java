package club.micromining.ops.simulate;

import club.micromining.stratum.client.SimulatedMiner;
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

    public static SimulatedFleet start(int devices, int port, double hashesPerSecond) {
        List<SimulatedMiner> miners = new ArrayList<>(devices);
        for (int i = 1; i <= devices; i++) {
            String user = "sim" + (1 + (i - 1) / 4) + ".bitaxe-" + i;
            miners.add(new SimulatedMiner("127.0.0.1", port, user, hashesPerSecond).start());
        }
        log.info("Started {} simulated BitAxe devices at {} H/s each (accounts sim1, sim2, ... four devices each)",
                devices, String.format("%.0f", hashesPerSecond));
        return new SimulatedFleet(miners);
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
