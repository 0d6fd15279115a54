package club.micromining.stratum.bitcoin;

import java.util.Locale;
import org.bitcoinj.base.Address;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.exceptions.AddressFormatException;
import org.bitcoinj.script.Script;
import org.bitcoinj.script.ScriptBuilder;
import org.bitcoinj.script.ScriptException;

/** The Bitcoin networks the pool mines on, with what differs between them for a pool. */
public enum Network {
    MAINNET(BitcoinNetwork.MAINNET, "main", 1, 1024),
    /** testnet4 shares testnet3's address formats, which is all bitcoinj needs here. */
    TESTNET4(BitcoinNetwork.TESTNET, "testnet4", 1, 1024),
    SIGNET(BitcoinNetwork.SIGNET, "signet", 1, 1024),
    REGTEST(BitcoinNetwork.REGTEST, "regtest", 1e-6, 0.0001);

    private final BitcoinNetwork bitcoinj;
    private final String bitcoindChain;
    private final double defaultMinDifficulty;
    private final double defaultStartDifficulty;

    Network(BitcoinNetwork bitcoinj, String bitcoindChain, double defaultMinDifficulty, double defaultStartDifficulty) {
        this.bitcoinj = bitcoinj;
        this.bitcoindChain = bitcoindChain;
        this.defaultMinDifficulty = defaultMinDifficulty;
        this.defaultStartDifficulty = defaultStartDifficulty;
    }

    public static Network parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Network network : values()) {
            if (network.name().toLowerCase(Locale.ROOT).equals(n)) {
                return network;
            }
        }
        throw new IllegalArgumentException("unknown network '" + name + "': use mainnet, testnet4, signet or regtest");
    }

    /** The {@code chain} bitcoind's {@code getblockchaininfo} reports for this network. */
    public String bitcoindChain() {
        return bitcoindChain;
    }

    /** The {@code getblocktemplate} rules the pool supports here (signet templates need "signet"). */
    public java.util.List<String> templateRules() {
        return this == SIGNET ? java.util.List.of("segwit", "signet") : java.util.List.of("segwit");
    }

    /** Only regtest allows share difficulties with fractions or below 1 (for tests and CPU miners). */
    public boolean fractionalDifficulty() {
        return this == REGTEST;
    }

    public double defaultMinDifficulty() {
        return defaultMinDifficulty;
    }

    public double defaultStartDifficulty() {
        return defaultStartDifficulty;
    }

    /**
     * The output script paying an address of this network (P2PKH, P2SH, P2WPKH, P2WSH or P2TR).
     *
     * @throws IllegalArgumentException naming the problem, for a malformed or wrong-network address
     */
    public byte[] outputScript(String address) {
        Address parsed;
        try {
            parsed = AddressParser.getDefault(bitcoinj).parseAddress(address.trim());
        } catch (AddressFormatException e) {
            for (Network other : values()) {
                if (other.bitcoinj != bitcoinj && other.parses(address)) {
                    throw new IllegalArgumentException("'" + address + "' is an address of another network ("
                            + other + "), not of " + this);
                }
            }
            throw new IllegalArgumentException("'" + address + "' is not a valid Bitcoin address: " + e.getMessage());
        }
        return ScriptBuilder.createOutputScript(parsed).program();
    }

    /** The address an output script pays on this network, or null for a script that has none (a commitment). */
    public String addressOf(byte[] outputScript) {
        try {
            return Script.parse(outputScript).getToAddress(bitcoinj).toString();
        } catch (ScriptException | IllegalArgumentException e) {
            return null;
        }
    }

    private boolean parses(String address) {
        try {
            AddressParser.getDefault(bitcoinj).parseAddress(address.trim());
            return true;
        } catch (AddressFormatException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
