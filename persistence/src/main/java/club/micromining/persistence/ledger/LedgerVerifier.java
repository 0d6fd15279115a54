package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.ledger.MerkleTreeHash;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a ledger export with nothing but the export and a public key: every entry's canonical form, its
 * sequence number, its link to the one before, every period root, every tree head and its signature; and
 * recomputes each account's balance from the entries alone. The first thing wrong stops it, named.
 *
 * <p>The export is JSON lines: a header {@code {"origin":…,"publicKey":…}}, then the entries in order, each
 * in its canonical form, with each period's root record after its last entry.
 */
public final class LedgerVerifier {
    private static final HexFormat HEX = HexFormat.of();

    /** What the verifier found wrong, and where: {@code "entry 12"}, {@code "root 3"}. */
    public static final class Bad extends RuntimeException {
        private final String where;

        Bad(String where, String what) {
            super(where + ": " + what);
            this.where = where;
        }

        public String where() {
            return where;
        }
    }

    /** An account's money as the ledger says, in msat. */
    public record Balance(long credited, long balance, long reserved, long paid, long fees) {
    }

    /** What was checked. */
    public record Report(String origin, long entries, long roots, String treeRoot, boolean keyFromExport,
                         Map<String, Balance> balances, long unsealed, long raffleCommitments, long raffleDraws, long projectTallies) {
    }

    private record Requested(String account, long amount, long feeBudget) {
    }

    private LedgerVerifier() {
    }

    /**
     * @param publicKey the key to check signatures with; null: the export's own (which proves only that the
     *                  export is consistent, not that the pool signed it)
     */
    public static Report verify(Iterable<String> lines, byte[] publicKey) {
        String origin = null;
        byte[] key = publicKey;
        boolean keyFromExport = false;
        long expected = 0;
        String prev = LedgerEntry.ZERO;
        MerkleTreeHash.Frontier frontier = MerkleTreeHash.Frontier.EMPTY;
        List<byte[]> period = new ArrayList<>();
        long periodFirst = 0;
        long roots = 0;
        String lastTreeRoot = null;
        long lastPeriodEnd = Long.MIN_VALUE;
        Map<String, long[]> money = new TreeMap<>();
        Map<String, Requested> requested = new TreeMap<>();
        List<Object[]> contributions = new ArrayList<>();
        long commitments = 0;
        long draws = 0;
        long tallies = 0;
        ProjectBook projects = new ProjectBook();
        java.util.Set<String> fundedProjects = new java.util.HashSet<>();
        Map<String, club.micromining.pool.raffle.Raffle.Commitment> committed = new TreeMap<>();
        Map<String, Long> roundEnds = new TreeMap<>();
        Map<Long, String[]> prizes = new TreeMap<>();
        long[] awarded = new long[1];
        int lineNo = 0;
        for (String line : lines) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = Jcs.parse(line);
            } catch (IllegalArgumentException e) {
                throw new Bad(origin == null ? "line " + lineNo : "after entry " + (expected - 1), e.getMessage());
            }
            if (origin == null) {
                if (!n.has("origin") || !n.has("publicKey")) {
                    throw new Bad("line 1", "an export starts with {\"origin\":…,\"publicKey\":…}");
                }
                origin = n.get("origin").asText();
                byte[] exported = HEX.parseHex(n.get("publicKey").asText());
                if (key == null) {
                    key = exported;
                    keyFromExport = true;
                } else if (!Arrays.equals(key, exported)) {
                    throw new Bad("header", "the export names another key than the one given");
                }
                continue;
            }
            if (n.has("treeRoot")) {
                LedgerRoot r;
                try {
                    r = LedgerRoot.of(n);
                } catch (RuntimeException e) {
                    throw new Bad("root " + roots, e.getMessage());
                }
                String where = "root " + r.index();
                if (r.index() != roots) {
                    throw new Bad(where, "expected root " + roots);
                }
                if (r.firstSeq() != periodFirst || r.lastSeq() != expected - 1) {
                    throw new Bad(where, "covers entries " + r.firstSeq() + ".." + r.lastSeq() + " but the entries since the last root are "
                            + periodFirst + ".." + (expected - 1));
                }
                if (r.periodEnd() <= r.periodStart() || r.periodStart() < lastPeriodEnd) {
                    throw new Bad(where, "its period does not follow the previous one");
                }
                if (!HEX.formatHex(MerkleTreeHash.root(period)).equals(r.root())) {
                    throw new Bad(where, "its root is not the Merkle tree hash of entries " + r.firstSeq() + ".." + r.lastSeq());
                }
                if (r.treeSize() != expected || !HEX.formatHex(frontier.root()).equals(r.treeRoot())) {
                    throw new Bad(where, "its tree head is not the Merkle tree hash of entries 0.." + (expected - 1));
                }
                Checkpoint c;
                try {
                    c = Checkpoint.verify(r.checkpoint(), key);
                } catch (IllegalArgumentException e) {
                    throw new Bad(where, "checkpoint: " + e.getMessage());
                }
                if (!c.origin().equals(origin) || c.size() != r.treeSize() || !HEX.formatHex(c.root()).equals(r.treeRoot())) {
                    throw new Bad(where, "its checkpoint signs another tree head than the record's");
                }
                roots++;
                lastTreeRoot = r.treeRoot();
                lastPeriodEnd = r.periodEnd();
                period.clear();
                periodFirst = expected;
                continue;
            }
            String where = "entry " + (n.has("seq") ? n.get("seq").asText() : "after " + (expected - 1));
            LedgerEntry e;
            try {
                e = LedgerEntry.of(n);
            } catch (IllegalArgumentException ex) {
                throw new Bad(where, ex.getMessage());
            }
            if (e.seq() != expected) {
                throw new Bad(where, e.seq() > expected ? "entry " + expected + " is missing" : "out of order (expected " + expected + ")");
            }
            byte[] canonical = e.canonical();
            if (!Arrays.equals(canonical, line.strip().getBytes(StandardCharsets.UTF_8))) {
                throw new Bad(where, "not in its canonical (RFC 8785) form");
            }
            if (!e.prev().equals(prev)) {
                throw new Bad("entry " + (e.seq() - 1), "its hash is not what entry " + e.seq() + " links to (prev)");
            }
            byte[] leaf = MerkleTreeHash.leafHash(canonical);
            prev = HEX.formatHex(leaf);
            frontier = frontier.append(leaf);
            period.add(leaf);
            try {
                book(e, money, requested);
                if (e.kind().equals(LedgerKinds.PROJECT_TALLY)) {
                    e.payload().path("results").forEach(r -> {
                        if (r.path("funded").asBoolean()) {
                            fundedProjects.add(r.path("project").asText());
                        }
                    });
                }
                if (e.kind().equals(LedgerKinds.CONTRIBUTION)) {
                    contributions.add(new Object[] {java.time.Instant.parse(e.payload().get("periodStart").asText()).toEpochMilli(),
                            e.payload().get("account").asText(), new java.math.BigDecimal(e.payload().get("difficulty").asText()),
                            e.payload().path("split").path("rafflePot").asLong()});
                } else if (e.kind().equals(LedgerKinds.RAFFLE_COMMITMENT)) {
                    checkCommitment(e.payload(), contributions);
                    committed.put(e.payload().get("round").asText(), LedgerKinds.commitmentOf(e.payload()));
                    roundEnds.put(e.payload().get("round").asText(),
                            java.time.Instant.parse(e.payload().get("roundEnd").asText()).toEpochMilli());
                    commitments++;
                } else if (e.kind().equals(LedgerKinds.RAFFLE_DRAW)) {
                    Long roundEnd = roundEnds.get(e.payload().path("round").asText());
                    checkDraw(e.payload(), committed);
                    long pot = -awarded[0];
                    for (Object[] c : contributions) {
                        if ((Long) c[0] < roundEnd) {
                            pot += (Long) c[3];
                        }
                    }
                    long prize = LedgerKinds.prize(pot, e.payload().get("prizePercent").asInt());
                    if (e.payload().get("potMsat").asLong() != pot || e.payload().get("prizeMsat").asLong() != prize
                            || e.payload().get("prizePercent").asInt() < 1 || e.payload().get("prizePercent").asInt() > 100) {
                        throw new IllegalArgumentException("the raffle pot or prize of round " + e.payload().get("round").asText()
                                + " is not what the contributions and earlier prizes give (pot " + pot + ", prize " + prize + ")");
                    }
                    awarded[0] += prize;
                    prizes.put(e.seq(), new String[] {e.payload().get("winner").asText(), Long.toString(prize)});
                    draws++;
                } else if (e.kind().equals(LedgerKinds.PRIZE_ROLLED_OVER)) {
                    String[] prize = prizes.remove(e.payload().get("drawSeq").asLong());
                    if (prize == null || !prize[0].equals(e.payload().get("winner").asText())
                            || Long.parseLong(prize[1]) != e.payload().get("msat").asLong()) {
                        throw new IllegalArgumentException("a prize rolls over that no draw before it gave, or that was settled already");
                    }
                    awarded[0] -= e.payload().get("msat").asLong();
                } else if (e.kind().equals(LedgerKinds.PROJECT_TALLY)) {
                    checkTally(e.payload(), projects, contributions);
                    tallies++;
                } else if (e.kind().equals(LedgerKinds.PROJECT_PAID)) {
                    if (!fundedProjects.remove(e.payload().get("project").asText())) {
                        throw new IllegalArgumentException("project " + e.payload().get("project").asText()
                                + " is paid without a tally that funded it, or twice");
                    }
                } else if (e.kind().equals(LedgerKinds.PRIZE_CREDIT)) {
                    String[] prize = prizes.remove(e.payload().get("drawSeq").asLong());
                    if (prize == null || !prize[0].equals(e.payload().get("account").asText())
                            || Long.parseLong(prize[1]) != e.payload().get("msat").asLong()) {
                        throw new IllegalArgumentException("a prize is credited that no draw before it gave, or twice");
                    }
                }
                if (ProjectBook.KINDS.contains(e.kind())) {
                    projects.add(e.kind(), e.payload());
                }
            } catch (RuntimeException ex) {
                throw new Bad(where, ex.getMessage());
            }
            expected++;
        }
        if (origin == null) {
            throw new Bad("line 1", "the export is empty");
        }
        Map<String, Balance> balances = new TreeMap<>();
        money.forEach((account, m) -> balances.put(account, new Balance(m[0], m[1], m[2], m[3], m[4])));
        return new Report(origin, expected, roots, lastTreeRoot, keyFromExport, balances, expected - periodFirst, commitments, draws,
                tallies);
    }

    /** Recomputes a draw from its round's commitment and the deciding block's hash it names. */
    private static void checkDraw(JsonNode p, Map<String, club.micromining.pool.raffle.Raffle.Commitment> committed) {
        String round = p.get("round").asText();
        club.micromining.pool.raffle.Raffle.Commitment c = committed.remove(round);
        if (c == null) {
            throw new IllegalArgumentException("the raffle of round " + round + " is drawn without a commitment before it, or twice");
        }
        if (p.get("height").asLong() != c.targetHeight() || !p.get("ticketRoot").asText().equals(c.rootHex())) {
            throw new IllegalArgumentException("the raffle of round " + round + " is drawn from another block or tickets than committed");
        }
        club.micromining.pool.raffle.Raffle.Draw d = club.micromining.pool.raffle.Raffle.draw(c, p.get("blockHash").asText());
        if (!d.seedHex().equals(p.get("seed").asText()) || d.iterations() != p.get("iterations").asInt()
                || !d.winner().equals(p.get("winner").asText())) {
            throw new IllegalArgumentException("the raffle of round " + round + " is not what its commitment and block " + d.blockHash()
                    + " draw (" + d.winner() + ")");
        }
    }

    /** Recomputes a round's tickets, their order, root and total from the contributions before the commitment. */
    private static void checkCommitment(JsonNode p, List<Object[]> contributions) {
        String round = p.get("round").asText();
        long start = java.time.Instant.parse(p.get("roundStart").asText()).toEpochMilli();
        long end = java.time.Instant.parse(p.get("roundEnd").asText()).toEpochMilli();
        club.micromining.pool.raffle.Raffle.Weighting weighting = club.micromining.pool.raffle.Raffle.Weighting.valueOf(
                p.get("weighting").asText().toUpperCase(java.util.Locale.ROOT));
        Map<String, java.math.BigDecimal> work = new TreeMap<>();
        for (Object[] c : contributions) {
            long at = (Long) c[0];
            if (at >= start && at < end) {
                work.merge((String) c[1], (java.math.BigDecimal) c[2], java.math.BigDecimal::add);
            }
        }
        Map<String, java.math.BigInteger> tickets = club.micromining.pool.raffle.Raffle.tickets(work, weighting);
        long tip = p.get("tipHeight").asLong();
        long target = p.get("targetHeight").asLong();
        if (target <= tip) {
            throw new IllegalArgumentException("the raffle of round " + round + " is decided by a block that already existed");
        }
        club.micromining.pool.raffle.Raffle.Commitment c = club.micromining.pool.raffle.Raffle.commit(round, tickets, tip, (int) (target - tip));
        List<String> listed = new ArrayList<>();
        p.get("tickets").forEach(t -> listed.add(t.get("account").asText() + "=" + t.get("tickets").asText()));
        List<String> recomputed = c.tickets().stream().map(t -> t.account() + "=" + t.tickets()).toList();
        if (!listed.equals(recomputed) || !c.rootHex().equals(p.get("ticketRoot").asText()) || !c.total().toString().equals(p.get("total").asText())) {
            throw new IllegalArgumentException("the raffle commitment of round " + round + " is not what the ledger's contributions give");
        }
    }

    /** [credited, balance, reserved, paid, fees] of each account, as the member entity keeps them. */
    private static void book(LedgerEntry e, Map<String, long[]> money, Map<String, Requested> requested) {
        JsonNode p = e.payload();
        switch (e.kind()) {
            case LedgerKinds.CREDIT, LedgerKinds.REWARD_CREDIT, LedgerKinds.PRIZE_CREDIT -> {
                long[] m = money.computeIfAbsent(p.get("account").asText(), a -> new long[5]);
                long msat = p.get("msat").asLong();
                m[0] += msat;
                m[1] += msat;
            }
            case LedgerKinds.PAYOUT_REQUESTED -> {
                String account = p.get("account").asText();
                long amount = p.get("amountMsat").asLong();
                long budget = p.get("feeBudgetMsat").asLong();
                long[] m = money.computeIfAbsent(account, a -> new long[5]);
                m[1] -= amount + budget;
                m[2] += amount + budget;
                requested.put(p.get("paymentHash").asText(), new Requested(account, amount, budget));
            }
            case LedgerKinds.PAYOUT_SETTLED, LedgerKinds.PAYOUT_FAILED -> {
                Requested r = requested.remove(p.get("paymentHash").asText());
                if (r == null) {
                    throw new IllegalArgumentException("a payout ends that was never requested");
                }
                long[] m = money.get(r.account());
                m[2] -= r.amount() + r.feeBudget();
                if (e.kind().equals(LedgerKinds.PAYOUT_SETTLED)) {
                    long fee = p.get("feeMsat").asLong();
                    m[1] += r.feeBudget() - fee;
                    m[3] += r.amount();
                    m[4] += fee;
                } else {
                    m[1] += r.amount() + r.feeBudget();
                }
            }
            default -> {
                // Contributions, blocks, divisions and donations move no member's balance.
            }
        }
    }

    /** Checks an inclusion proof as {@code /api/ledger/proof} gives it; returns the entry's seq. */
    public static long verifyProof(JsonNode proof, byte[] publicKey) {
        long seq = proof.path("seq").asLong(-1);
        String where = "proof of entry " + seq;
        byte[] leaf;
        if (proof.has("entry")) {
            LedgerEntry e = LedgerEntry.of(Jcs.parse(proof.get("entry").asText()));
            if (e.seq() != seq) {
                throw new Bad(where, "the entry is number " + e.seq());
            }
            leaf = e.leafHash();
            if (proof.has("leafHash") && !HEX.formatHex(leaf).equals(proof.get("leafHash").asText())) {
                throw new Bad(where, "the entry's hash is not the proof's leaf hash");
            }
        } else {
            leaf = HEX.parseHex(proof.path("leafHash").asText());
        }
        List<byte[]> path = new ArrayList<>();
        proof.path("proof").forEach(h -> path.add(HEX.parseHex(h.asText())));
        long size = proof.path("treeSize").asLong();
        byte[] root = HEX.parseHex(proof.path("treeRoot").asText());
        if (!MerkleTreeHash.verifyInclusion(seq, size, leaf, path, root)) {
            throw new Bad(where, "the path does not lead to the tree root");
        }
        if (publicKey != null && proof.has("checkpoint")) {
            Checkpoint c;
            try {
                c = Checkpoint.verify(proof.get("checkpoint").asText(), publicKey);
            } catch (IllegalArgumentException e) {
                throw new Bad(where, "checkpoint: " + e.getMessage());
            }
            if (c.size() != size || !Arrays.equals(c.root(), root)) {
                throw new Bad(where, "the checkpoint signs another tree head");
            }
        }
        return seq;
    }

    /**
     * Recomputes a round's tally from the entries before it: the standing proposals, the last vote of each
     * account, each account's work in the round from the contributions, the fund's balance, the ranking and
     * which proposals the fund covered in full, in rank order.
     */
    private static void checkTally(com.fasterxml.jackson.databind.JsonNode p, ProjectBook projects, List<Object[]> contributions) {
        String round = p.get("round").asText();
        long start = java.time.Instant.parse(p.get("roundStart").asText()).toEpochMilli();
        long end = java.time.Instant.parse(p.get("roundEnd").asText()).toEpochMilli();
        Map<String, java.math.BigDecimal> work = new TreeMap<>();
        for (Object[] c : contributions) {
            if ((Long) c[0] >= start && (Long) c[0] < end) {
                work.merge((String) c[1], (java.math.BigDecimal) c[2], java.math.BigDecimal::add);
            }
        }
        Map<String, java.math.BigInteger> hashes = new TreeMap<>();
        work.forEach((a, d) -> hashes.put(a, club.micromining.pool.raffle.Raffle.hashes(d)));
        club.micromining.pool.projects.Voting.Weight weight = club.micromining.pool.projects.Voting.Weight.valueOf(
                p.get("weight").asText().toUpperCase(java.util.Locale.ROOT));
        List<club.micromining.pool.projects.Tally.Result> ranked = club.micromining.pool.projects.Tally.count(projects.candidates(round),
                projects.ballots(round), hashes, weight, p.get("quorum").asInt());
        long fund = projects.fundAt(end);
        if (p.get("fundMsat").asLong() != fund) {
            throw new IllegalArgumentException("the project fund of the tally of round " + round + " is " + fund
                    + " msat by the entries before it, not " + p.get("fundMsat").asLong());
        }
        Map<String, Long> budgets = new java.util.HashMap<>();
        p.get("results").forEach(r -> budgets.put(r.path("project").asText(), r.path("feeBudgetMsat").asLong()));
        java.util.Set<String> funded = new java.util.HashSet<>();
        for (club.micromining.pool.projects.Tally.Funding f : club.micromining.pool.projects.Tally.fund(ranked, fund,
                r -> budgets.getOrDefault(r.project(), 0L))) {
            funded.add(f.project());
        }
        com.fasterxml.jackson.databind.JsonNode results = p.get("results");
        if (results.size() != ranked.size()) {
            throw new IllegalArgumentException("the tally of round " + round + " ranks " + results.size() + " proposals, the entries give "
                    + ranked.size());
        }
        for (int i = 0; i < ranked.size(); i++) {
            club.micromining.pool.projects.Tally.Result want = ranked.get(i);
            com.fasterxml.jackson.databind.JsonNode got = results.get(i);
            if (!got.path("project").asText().equals(want.project()) || !got.path("inFavour").asText().equals(want.inFavour().toString())
                    || !got.path("against").asText().equals(want.against().toString()) || got.path("voters").asInt() != want.voters()
                    || got.path("eligible").asBoolean() != want.eligible() || got.path("amountMsat").asLong() != want.amountMsat()
                    || got.path("funded").asBoolean() != funded.contains(want.project())) {
                throw new IllegalArgumentException("place " + (i + 1) + " of the tally of round " + round + " is not what the votes give ("
                        + want.project() + ": " + want.inFavour() + " for, " + want.against() + " against, " + want.voters() + " voters"
                        + (funded.contains(want.project()) ? ", funded" : "") + ")");
            }
        }
    }

}
