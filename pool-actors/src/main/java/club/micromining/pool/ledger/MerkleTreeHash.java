package club.micromining.pool.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle trees over leaf hashes: the tree hash, inclusion and consistency proofs and
 * their verification, and the compact frontier (the roots of the perfect subtrees so far) from which the
 * tree hash of an ever-growing log follows without reading its leaves again.
 */
public final class MerkleTreeHash {
    private MerkleTreeHash() {
    }

    private static MessageDigest sha256() {
        return org.bitcoinj.base.Sha256Hash.newDigest();
    }

    /** SHA-256(0x00 ‖ data). */
    public static byte[] leafHash(byte[] data) {
        MessageDigest md = sha256();
        md.update((byte) 0);
        return md.digest(data);
    }

    /** SHA-256(0x01 ‖ left ‖ right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = sha256();
        md.update((byte) 1);
        md.update(left);
        return md.digest(right);
    }

    /** The tree hash of no leaves: SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** The largest power of two smaller than n (n ≥ 2). */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    public static byte[] root(List<byte[]> leaves) {
        return leaves.isEmpty() ? emptyRoot() : root(leaves, 0, leaves.size());
    }

    private static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = split(n);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** PATH(m, D[n]): the proof that leaf {@code index} is in the tree of these leaves. */
    public static List<byte[]> inclusionProof(int index, List<byte[]> leaves) {
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + leaves.size());
        }
        List<byte[]> proof = new ArrayList<>();
        path(index, leaves, 0, leaves.size(), proof);
        return proof;
    }

    private static void path(int m, List<byte[]> leaves, int from, int to, List<byte[]> proof) {
        int n = to - from;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(m, leaves, from, from + k, proof);
            proof.add(root(leaves, from + k, to));
        } else {
            path(m - k, leaves, from + k, to, proof);
            proof.add(root(leaves, from, from + k));
        }
    }

    /** PROOF(m, D[n]): that the tree of the first {@code size} leaves is a prefix of the tree of all of them. */
    public static List<byte[]> consistencyProof(int size, List<byte[]> leaves) {
        if (size <= 0 || size > leaves.size()) {
            throw new IllegalArgumentException("no consistency proof from " + size + " to " + leaves.size());
        }
        List<byte[]> proof = new ArrayList<>();
        subproof(size, leaves, 0, leaves.size(), true, proof);
        return proof;
    }

    private static void subproof(int m, List<byte[]> leaves, int from, int to, boolean whole, List<byte[]> proof) {
        int n = to - from;
        if (m == n) {
            if (!whole) {
                proof.add(root(leaves, from, to));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(m, leaves, from, from + k, whole, proof);
            proof.add(root(leaves, from + k, to));
        } else {
            subproof(m - k, leaves, from + k, to, false, proof);
            proof.add(root(leaves, from, from + k));
        }
    }

    /** RFC 9162, 2.1.3.2. */
    public static boolean verifyInclusion(long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162, 2.1.4.2. */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first <= 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    /**
     * The roots of the perfect subtrees a log of {@code size} leaves splits into, largest first: appending
     * a leaf merges equal neighbours, and folding them from the right gives the tree hash.
     */
    public record Frontier(long size, List<byte[]> subtrees) {
        public static final Frontier EMPTY = new Frontier(0, List.of());

        public Frontier append(byte[] leaf) {
            List<byte[]> s = new ArrayList<>(subtrees);
            s.add(leaf);
            // Trailing one bits of the old size are the subtrees of equal size that now merge.
            for (long n = size; (n & 1) == 1; n >>= 1) {
                byte[] right = s.remove(s.size() - 1);
                byte[] left = s.remove(s.size() - 1);
                s.add(nodeHash(left, right));
            }
            return new Frontier(size + 1, List.copyOf(s));
        }

        public byte[] root() {
            if (subtrees.isEmpty()) {
                return emptyRoot();
            }
            byte[] r = subtrees.get(subtrees.size() - 1);
            for (int i = subtrees.size() - 2; i >= 0; i--) {
                r = nodeHash(subtrees.get(i), r);
            }
            return r;
        }
    }
}
