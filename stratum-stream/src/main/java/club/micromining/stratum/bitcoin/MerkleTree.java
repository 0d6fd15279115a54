package club.micromining.stratum.bitcoin;

import java.util.ArrayList;
import java.util.List;

/** Bitcoin merkle trees, and the coinbase branch a Stratum job sends. Hashes in internal byte order. */
public final class MerkleTree {
    private MerkleTree() {
    }

    /**
     * The hashes a miner combines with its coinbase hash to reach the merkle root: at each level, the
     * sibling of the leftmost node. {@code txids} are the block's transactions after the coinbase.
     */
    public static List<byte[]> coinbaseBranch(List<byte[]> txids) {
        List<byte[]> branch = new ArrayList<>();
        List<byte[]> level = new ArrayList<>(txids.size() + 2);
        level.add(null);
        level.addAll(txids);
        while (level.size() > 1) {
            branch.add(level.get(1));
            if (level.size() % 2 == 1) {
                level.add(level.get(level.size() - 1));
            }
            List<byte[]> next = new ArrayList<>(level.size() / 2 + 1);
            next.add(null);
            for (int i = 2; i < level.size(); i += 2) {
                next.add(Sha256d.hashPair(level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        return branch;
    }

    /** Folds a coinbase hash up its branch to the merkle root. */
    public static byte[] rootFromBranch(byte[] coinbaseHash, List<byte[]> branch) {
        byte[] h = coinbaseHash;
        for (byte[] sibling : branch) {
            h = Sha256d.hashPair(h, sibling);
        }
        return h;
    }

    /** The merkle root of a full list of transaction hashes (coinbase first). */
    public static byte[] root(List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("a block has at least its coinbase");
        }
        List<byte[]> level = new ArrayList<>(hashes);
        while (level.size() > 1) {
            if (level.size() % 2 == 1) {
                level.add(level.get(level.size() - 1));
            }
            List<byte[]> next = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                next.add(Sha256d.hashPair(level.get(i), level.get(i + 1)));
            }
            level = next;
        }
        return level.get(0);
    }
}
