package club.micromining.pool.raffle;

import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.ledger.MerkleTreeHash;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bitcoinj.base.Sha256Hash;

/**
 * The monthly raffle, provably fair and recomputable from the ledger alone: tickets from work, a
 * commitment to them before the block that decides exists, and the draw from that block's hash by
 * rejection sampling (no modulo bias). Pure functions; the round's entity persists what they give.
 */
public final class Raffle {
    private static final BigInteger TWO_32 = BigInteger.ONE.shiftLeft(32);
    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
    private static final HexFormat HEX = HexFormat.of();

    /** How work becomes tickets: one per hash, or the square root of the hashes (to favour small miners). */
    public enum Weighting {
        LINEAR, SQRT
    }

    /** An account's tickets; in the ledger a decimal string, since a month of a TH/s passes 2^53. */
    public record Ticket(String account, BigInteger tickets) {
    }

    /**
     * What a round commits to at its close.
     *
     * @param tickets      sorted by account name, bytewise UTF-8; no account with zero tickets
     * @param root         RFC 6962 Merkle root over the leaves {@code JCS({"account":…,"tickets":"…"})}
     * @param targetHeight the block whose hash draws the winner, not yet mined at the close
     */
    public record Commitment(String roundId, List<Ticket> tickets, byte[] root, BigInteger total, long targetHeight) {
        public String rootHex() {
            return HEX.formatHex(root);
        }
    }

    /**
     * @param seed       the accepted {@code s_i}
     * @param iterations how many times the seed was hashed again because it fell in the biased range
     */
    public record Draw(String roundId, long height, String blockHash, byte[] seed, int iterations, String winner) {
        public String seedHex() {
            return HEX.formatHex(seed);
        }
    }

    /**
     * @param rounds            how time splits into rounds (POOL_ROUND_LENGTH)
     * @param delayBlocks       the deciding block is the chain tip at the close plus this many (POOL_RAFFLE_DELAY_BLOCKS)
     * @param confirmations     blocks on top of the deciding one before the draw (POOL_RAFFLE_CONFIRMATIONS)
     * @param prizeSharePercent what part of the round's raffle pot the winner gets, the rest rolling over
     * @param claimWindow       how long a winner without a payout destination has to set one before the prize rolls over
     */
    public record Settings(Rounds rounds, Weighting weighting, int delayBlocks, int confirmations, int prizeSharePercent,
                           java.time.Duration claimWindow) {
    }

    private Raffle() {
    }

    /** floor(Σ difficulty × 2^32): the hashes a round's accepted shares stand for. */
    public static BigInteger hashes(BigDecimal difficultySum) {
        return difficultySum.multiply(new BigDecimal(TWO_32)).toBigInteger();
    }

    public static BigInteger tickets(BigInteger hashes, Weighting weighting) {
        return weighting == Weighting.SQRT ? hashes.sqrt() : hashes;
    }

    /** Each account's tickets from its exact work in the round (the sum of its shares' difficulties). */
    public static Map<String, BigInteger> tickets(Map<String, BigDecimal> work, Weighting weighting) {
        Map<String, BigInteger> tickets = new java.util.TreeMap<>();
        work.forEach((account, difficulty) -> tickets.put(account, tickets(hashes(difficulty), weighting)));
        return tickets;
    }

    /** Commits to the round's tickets: {@code targetHeight} = the chain tip at the close + the delay. */
    public static Commitment commit(String roundId, Map<String, BigInteger> tickets, long tipHeight, int delayBlocks) {
        if (delayBlocks < 1) {
            throw new IllegalArgumentException("the deciding block must come after the commitment: a delay of at least 1");
        }
        List<Ticket> list = new ArrayList<>();
        tickets.forEach((account, n) -> {
            if (n.signum() > 0) {
                list.add(new Ticket(account, n));
            }
        });
        list.sort((a, b) -> Arrays.compareUnsigned(a.account().getBytes(StandardCharsets.UTF_8), b.account().getBytes(StandardCharsets.UTF_8)));
        List<byte[]> leaves = new ArrayList<>(list.size());
        BigInteger total = BigInteger.ZERO;
        for (Ticket t : list) {
            leaves.add(MerkleTreeHash.leafHash(leaf(t)));
            total = total.add(t.tickets());
        }
        return new Commitment(roundId, List.copyOf(list), MerkleTreeHash.root(leaves), total, tipHeight + delayBlocks);
    }

    /** A leaf's bytes: {@code {"account":"…","tickets":"…"}} in RFC 8785 form. */
    public static byte[] leaf(Ticket t) {
        return Jcs.canonical(Jcs.JSON.createObjectNode().put("account", t.account()).put("tickets", t.tickets().toString()));
    }

    /**
     * {@code s0 = SHA-256("mmsp-raffle|" + roundId + "|" + blockHash + "|" + ticketRoot)}; while {@code s_i} as an
     * unsigned big-endian integer is at least {@code 2^256 − (2^256 mod W)}, {@code s_{i+1} = SHA-256(s_i)}. The
     * winner is the first account whose cumulative tickets exceed {@code s mod W}.
     *
     * @param blockHash the deciding block's hash as displayed (big-endian hex)
     */
    public static Draw draw(Commitment c, String blockHash) {
        if (c.total().signum() == 0) {
            throw new IllegalArgumentException("a round without tickets has no draw");
        }
        String hash = blockHash.toLowerCase(java.util.Locale.ROOT);
        byte[] s = Sha256Hash.hash(("mmsp-raffle|" + c.roundId() + "|" + hash + "|" + c.rootHex()).getBytes(StandardCharsets.US_ASCII));
        BigInteger limit = TWO_256.subtract(TWO_256.mod(c.total()));
        int iterations = 0;
        while (new BigInteger(1, s).compareTo(limit) >= 0) {
            s = Sha256Hash.hash(s);
            iterations++;
        }
        BigInteger r = new BigInteger(1, s).mod(c.total());
        BigInteger cumulative = BigInteger.ZERO;
        for (Ticket t : c.tickets()) {
            cumulative = cumulative.add(t.tickets());
            if (cumulative.compareTo(r) > 0) {
                return new Draw(c.roundId(), c.targetHeight(), hash, s, iterations, t.account());
            }
        }
        throw new IllegalStateException("unreachable: r < W");
    }
}
