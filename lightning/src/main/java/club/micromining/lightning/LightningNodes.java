package club.micromining.lightning;

import club.micromining.common.config.SettingsException;
import club.micromining.lightning.lnd.LndNode;
import club.micromining.lightning.lnd.LndSettings;
import club.micromining.lightning.node.LightningNode;
import club.micromining.lightning.sim.SimulatedNetwork;
import club.micromining.lightning.sim.SimulatedNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pool's Lightning node as the settings choose it: LND when a host is set, else the embedded simulated node. */
public final class LightningNodes {
    private static final Logger log = LoggerFactory.getLogger(LightningNodes.class);

    private LightningNodes() {
    }

    /**
     * Connects to LND (a wrong setting stops start-up here, named), or opens the simulated node with its
     * payments and invoices kept under the data directory.
     */
    public static LightningNode open(LightningSettings settings) {
        LndSettings lnd = settings.lnd();
        if (lnd != null) {
            try {
                LndNode node = LndNode.connect(lnd, settings.lndConnectTimeout());
                log.info("Lightning: LND at {}:{} (identity {})", lnd.host(), lnd.port(), HexFormat.of().formatHex(node.identityKey()));
                return node;
            } catch (LndSettings.InvalidSetting e) {
                throw new SettingsException(e.setting().path(), e.setting().env(), e.problem());
            }
        }
        LightningSettings.Simulated sim = settings.simulated();
        try {
            Files.createDirectories(sim.stateFile().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + sim.stateFile().getParent() + " (POOL_DATA_DIR): "
                    + e.getMessage(), e);
        }
        log.info("Lightning: the embedded simulated node (set POOL_LND_HOST for LND)");
        SimulatedNode node = new SimulatedNode(new SimulatedNetwork(), sim.currency(), sim.outboundMsat(), sim.inboundMsat(),
                sim.stateFile());
        node.setSettleDelay(sim.settleDelay());
        return node;
    }
}
