package club.micromining.lightning.sim;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Lightning network the simulated nodes live in: it carries a payment to the node that issued the
 * invoice (which reveals the preimage), or a keysend to any node key. One network per JVM is enough.
 */
public final class SimulatedNetwork {
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, SimulatedNode> invoiceOwners = new ConcurrentHashMap<>();
    private final Map<String, SimulatedNode> nodes = new ConcurrentHashMap<>();

    void register(SimulatedNode node) {
        nodes.put(HEX.formatHex(node.identityKey()), node);
    }

    void invoiceIssued(byte[] paymentHash, SimulatedNode owner) {
        invoiceOwners.put(HEX.formatHex(paymentHash), owner);
    }

    boolean knowsInvoice(byte[] paymentHash) {
        return invoiceOwners.containsKey(HEX.formatHex(paymentHash));
    }

    /** Delivers a payment to the invoice's issuer; the preimage, or empty when no node issued that hash. */
    Optional<byte[]> deliver(byte[] paymentHash, long amountMsat) {
        SimulatedNode owner = invoiceOwners.get(HEX.formatHex(paymentHash));
        return owner == null ? Optional.empty() : owner.receive(paymentHash, amountMsat);
    }

    /** Delivers a keysend; a key of no simulated node stands for a wallet outside the simulation, which accepts. */
    void deliverKeysend(byte[] destination, long amountMsat) {
        SimulatedNode node = nodes.get(HEX.formatHex(destination));
        if (node != null) {
            node.receiveKeysend(amountMsat);
        }
    }
}
