package club.micromining.persistence.ledger;

import club.micromining.common.config.SettingsException;
import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.ledger.MerkleTreeHash;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * The ledger in the database: appends entries linked to the head, keeps the open periods' aggregates,
 * seals a period into a root with a signed tree head, and reads it all back. Every write runs in the
 * caller's transaction (a projection's, so entries are appended exactly once with its offset) and takes
 * the head's row lock first, so writers append one at a time and never wait on each other in a circle.
 */
public final class LedgerStore {
    private static final HexFormat HEX = HexFormat.of();
    /** Difficulty sums keep this many decimal places (shares' difficulties have far fewer). */
    static final int DIFFICULTY_SCALE = 40;

    private final DataSource dataSource;
    private final LedgerKey key;
    private final String origin;
    private final AtomicReference<byte[]> treeRoot = new AtomicReference<>();
    private final RaffleLedger raffle;
    private final ProjectsLedger projects;

    public LedgerStore(DataSource dataSource, LedgerKey key, String origin) {
        this.dataSource = dataSource;
        this.key = key;
        this.origin = origin;
        this.raffle = new RaffleLedger(dataSource);
        this.projects = new ProjectsLedger(dataSource);
    }

    /**
     * Refuses a key that did not sign the ledger already in the database: every node of a cluster seals
     * with the same key (the roots are sealed by whichever node runs the duty), and a node that lost its key
     * must not go on under a new one, which would break the chain of signed tree heads verifiers follow.
     *
     * @throws SettingsException naming the data directory, where the key file belongs
     */
    public void requireSignerOfLatestRoot() {
        Optional<LedgerRoot> latest = latestRoot();
        if (latest.isEmpty()) {
            return;
        }
        try {
            Checkpoint.verify(latest.get().checkpoint(), key.publicKey());
        } catch (IllegalArgumentException e) {
            throw new SettingsException("micromining.data-dir", "POOL_DATA_DIR", "this node's ledger key (" + LedgerKey.FILE
                    + ", public key " + key.publicKeyHex() + ") did not sign the ledger in the database (root "
                    + latest.get().index() + "): every node of a cluster signs with the same key; copy " + LedgerKey.FILE
                    + " from the node that made it into this node's data directory");
        }
    }

    /** The club's vote: tallies at each seal, results to hand to the projects. */
    public ProjectsLedger projects() {
        return projects;
    }

    /** The raffle's rounds in the ledger: commitments at each seal, draws, prizes to credit. */
    public RaffleLedger raffle() {
        return raffle;
    }

    public String origin() {
        return origin;
    }

    public LedgerKey key() {
        return key;
    }

    /** What a new entry needs: its kind, the account it concerns (for the explorer's filter; null for none), its payload. */
    public record Draft(String kind, String account, ObjectNode payload) {
    }

    /** A contribution of one device in one period, with the split of what its shares earned. */
    public record Contribution(String account, String worker, long periodStart, long shares, BigDecimal difficulty,
                               long member, long projectFund, long rafflePot, long reserve, long poolFee) {
    }

    /** An account's credits in one period. */
    public record Credit(String account, long periodStart, long msat) {
    }

    record Head(long nextSeq, String lastHash, MerkleTreeHash.Frontier frontier, long roots, long rootFromSeq,
                        long periodFrom) {
    }

    static Head lockHead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT next_seq, last_hash, frontier, roots, root_from_seq, period_from FROM ledger_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("the ledger has no head row (migration V15)");
            }
            return new Head(rs.getLong(1), rs.getString(2), frontier(rs.getLong(1), rs.getString(3)), rs.getLong(4),
                    rs.getLong(5), rs.getLong(6));
        }
    }

    private static MerkleTreeHash.Frontier frontier(long size, String text) {
        List<byte[]> subtrees = new ArrayList<>();
        if (!text.isEmpty()) {
            for (String h : text.split(",")) {
                subtrees.add(HEX.parseHex(h));
            }
        }
        return new MerkleTreeHash.Frontier(size, List.copyOf(subtrees));
    }

    private static String frontierText(MerkleTreeHash.Frontier f) {
        StringBuilder b = new StringBuilder();
        for (byte[] h : f.subtrees()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(HEX.formatHex(h));
        }
        return b.toString();
    }

    static void writeHead(Connection c, Head h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE ledger_head SET next_seq = ?, last_hash = ?, frontier = ?, roots = ?, "
                + "root_from_seq = ?, period_from = ? WHERE id = 1")) {
            ps.setLong(1, h.nextSeq());
            ps.setString(2, h.lastHash());
            ps.setString(3, frontierText(h.frontier()));
            ps.setLong(4, h.roots());
            ps.setLong(5, h.rootFromSeq());
            ps.setLong(6, h.periodFrom());
            ps.executeUpdate();
        }
    }

    /** Appends these entries, in order, at the head; the time of each is {@code nowMillis}. */
    public void append(Connection c, List<Draft> drafts, long nowMillis) throws SQLException {
        if (drafts.isEmpty()) {
            return;
        }
        Head h = lockHead(c);
        writeHead(c, appendTo(c, h, drafts, nowMillis));
    }

    static Head appendTo(Connection c, Head h, List<Draft> drafts, long nowMillis) throws SQLException {
        long seq = h.nextSeq();
        String prev = h.lastHash();
        MerkleTreeHash.Frontier frontier = h.frontier();
        String time = LedgerEntry.time(nowMillis);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_entries (seq, kind, account, body, hash) VALUES (?, ?, ?, ?, ?)")) {
            for (Draft d : drafts) {
                LedgerEntry e = new LedgerEntry(seq, time, d.kind(), d.payload(), prev);
                byte[] canonical = e.canonical();
                byte[] leaf = MerkleTreeHash.leafHash(canonical);
                ps.setLong(1, seq);
                ps.setString(2, d.kind());
                ps.setString(3, d.account());
                ps.setString(4, new String(canonical, java.nio.charset.StandardCharsets.UTF_8));
                ps.setString(5, HEX.formatHex(leaf));
                ps.addBatch();
                frontier = frontier.append(leaf);
                prev = HEX.formatHex(leaf);
                seq++;
            }
            ps.executeBatch();
        }
        return new Head(seq, prev, frontier, h.roots(), h.rootFromSeq(), h.periodFrom());
    }

    /** Adds to the open aggregates of one writer ({@code slice}); sealing turns them into entries. */
    public void addContributions(Connection c, String slice, List<Contribution> rows) throws SQLException {
        List<Object[]> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE ledger_pending SET shares = shares + ?, difficulty = difficulty + ?, "
                + "member_msat = member_msat + ?, project_fund_msat = project_fund_msat + ?, raffle_pot_msat = raffle_pot_msat + ?, "
                + "reserve_msat = reserve_msat + ?, pool_fee_msat = pool_fee_msat + ? "
                + "WHERE slice = ? AND kind = 'contribution' AND subject = ? AND period_start = ?")) {
            for (Contribution r : rows) {
                ps.setLong(1, r.shares());
                ps.setBigDecimal(2, scaled(r.difficulty()));
                ps.setLong(3, r.member());
                ps.setLong(4, r.projectFund());
                ps.setLong(5, r.rafflePot());
                ps.setLong(6, r.reserve());
                ps.setLong(7, r.poolFee());
                ps.setString(8, slice);
                ps.setString(9, r.account() + "." + r.worker());
                ps.setLong(10, r.periodStart());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    Contribution r = rows.get(i);
                    missing.add(new Object[] {"contribution", r.account() + "." + r.worker(), r.periodStart(), r.account(), r.worker(),
                            r.shares(), r.difficulty(), r.member(), r.projectFund(), r.rafflePot(), r.reserve(), r.poolFee()});
                }
            }
        }
        insertPending(c, slice, missing);
    }

    public void addCredits(Connection c, String slice, List<Credit> rows) throws SQLException {
        List<Object[]> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE ledger_pending SET member_msat = member_msat + ? "
                + "WHERE slice = ? AND kind = 'credit' AND subject = ? AND period_start = ?")) {
            for (Credit r : rows) {
                ps.setLong(1, r.msat());
                ps.setString(2, slice);
                ps.setString(3, r.account());
                ps.setLong(4, r.periodStart());
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    Credit r = rows.get(i);
                    missing.add(new Object[] {"credit", r.account(), r.periodStart(), r.account(), "", 0L, BigDecimal.ZERO, r.msat(),
                            0L, 0L, 0L, 0L});
                }
            }
        }
        insertPending(c, slice, missing);
    }

    private static BigDecimal scaled(BigDecimal d) {
        return d.scale() > DIFFICULTY_SCALE ? d.setScale(DIFFICULTY_SCALE, RoundingMode.HALF_EVEN) : d;
    }

    private static void insertPending(Connection c, String slice, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_pending (slice, kind, subject, period_start, account, worker, "
                + "shares, difficulty, member_msat, project_fund_msat, raffle_pot_msat, reserve_msat, pool_fee_msat) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Object[] r : rows) {
                ps.setString(1, slice);
                ps.setString(2, (String) r[0]);
                ps.setString(3, (String) r[1]);
                ps.setLong(4, (Long) r[2]);
                ps.setString(5, (String) r[3]);
                ps.setString(6, (String) r[4]);
                ps.setLong(7, (Long) r[5]);
                ps.setBigDecimal(8, scaled((BigDecimal) r[6]));
                for (int i = 7; i < 12; i++) {
                    ps.setLong(i + 2, (Long) r[i]);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Closes the periods that ended before {@code untilMillis}: their aggregates become entries (by period,
     * kind and subject), then one root covers every entry since the previous root, with the tree head over
     * all entries, signed. Nothing new since the previous root: no root, and the next one covers the time.
     *
     * @param periodMillis the length of a period, to name each aggregate's period
     * @return the new root, if one was made
     */
    public Optional<LedgerRoot> seal(Connection c, long untilMillis, long periodMillis, long nowMillis) throws SQLException {
        Head h = lockHead(c);
        long periodFrom = h.periodFrom() == 0 ? untilMillis - periodMillis : h.periodFrom();
        if (h.periodFrom() == 0) {
            // The first seal: the first root's period is the one that just ended (with all before it).
            writeHead(c, new Head(h.nextSeq(), h.lastHash(), h.frontier(), h.roots(), h.rootFromSeq(), periodFrom));
            h = lockHead(c);
        }
        if (untilMillis <= periodFrom) {
            return Optional.empty();
        }
        List<Draft> aggregates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, subject, period_start, MIN(account), MIN(worker), SUM(shares), "
                + "SUM(difficulty), SUM(member_msat), SUM(project_fund_msat), SUM(raffle_pot_msat), SUM(reserve_msat), SUM(pool_fee_msat) "
                + "FROM ledger_pending WHERE period_start < ? GROUP BY kind, subject, period_start ORDER BY period_start, kind, subject")) {
            ps.setLong(1, untilMillis);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    aggregates.add(LedgerKinds.aggregate(rs.getString(1), rs.getLong(3), periodMillis, rs.getString(4), rs.getString(5),
                            rs.getLong(6), rs.getBigDecimal(7), rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12)));
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM ledger_pending WHERE period_start < ?")) {
            ps.setLong(1, untilMillis);
            ps.executeUpdate();
        }
        Head after = appendTo(c, h, aggregates, nowMillis);
        if (after.nextSeq() == after.rootFromSeq()) {
            // Nothing to root, but rounds that ended still close: their entries go under the next root.
            Head closed = projects.tallyRounds(c, raffle.commitRounds(c, after, untilMillis, nowMillis), untilMillis, nowMillis);
            if (closed.nextSeq() != after.nextSeq()) {
                writeHead(c, closed);
            }
            return Optional.empty();
        }
        List<byte[]> leaves = leaves(c, after.rootFromSeq(), after.nextSeq());
        byte[] root = MerkleTreeHash.root(leaves);
        byte[] tree = after.frontier().root();
        String checkpoint = new Checkpoint(origin, after.nextSeq(), tree).sign(key.privateKey(), key.publicKey());
        LedgerRoot r = new LedgerRoot(after.roots(), periodFrom, untilMillis, after.rootFromSeq(), after.nextSeq() - 1, HEX.formatHex(root),
                after.nextSeq(), HEX.formatHex(tree), checkpoint);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_roots (idx, period_start, period_end, first_seq, last_seq, root, "
                + "tree_size, tree_root, checkpoint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, r.index());
            ps.setLong(2, r.periodStart());
            ps.setLong(3, r.periodEnd());
            ps.setLong(4, r.firstSeq());
            ps.setLong(5, r.lastSeq());
            ps.setString(6, r.root());
            ps.setLong(7, r.treeSize());
            ps.setString(8, r.treeRoot());
            ps.setString(9, r.checkpoint());
            ps.executeUpdate();
        }
        Head sealed = new Head(after.nextSeq(), after.lastHash(), after.frontier(), after.roots() + 1, after.nextSeq(), untilMillis);
        writeHead(c, projects.tallyRounds(c, raffle.commitRounds(c, sealed, untilMillis, nowMillis), untilMillis, nowMillis));
        return Optional.of(r);
    }

    /** Seals in a transaction of its own (the sealer's). */
    public Optional<LedgerRoot> seal(long untilMillis, long periodMillis, long nowMillis) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<LedgerRoot> r = seal(c, untilMillis, periodMillis, nowMillis);
                c.commit();
                r.ifPresent(root -> treeRoot.set(HEX.parseHex(root.treeRoot())));
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static List<byte[]> leaves(Connection c, long from, long to) throws SQLException {
        List<byte[]> leaves = new ArrayList<>((int) Math.min(to - from, 1 << 20));
        try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM ledger_entries WHERE seq >= ? AND seq < ? ORDER BY seq")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leaves.add(HEX.parseHex(rs.getString(1)));
                }
            }
        }
        return leaves;
    }

    /** The tree root of the latest signed head, for the coinbase; null before the first root. */
    public byte[] latestTreeRoot() {
        byte[] r = treeRoot.get();
        if (r == null) {
            r = latestRoot().map(root -> HEX.parseHex(root.treeRoot())).orElse(null);
            if (r != null) {
                treeRoot.compareAndSet(null, r);
            }
        }
        return r;
    }

    public Optional<LedgerRoot> latestRoot() {
        List<LedgerRoot> r = roots("SELECT idx, period_start, period_end, first_seq, last_seq, root, tree_size, tree_root, checkpoint "
                + "FROM ledger_roots ORDER BY idx DESC LIMIT 1");
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    public List<LedgerRoot> roots() {
        return roots("SELECT idx, period_start, period_end, first_seq, last_seq, root, tree_size, tree_root, checkpoint "
                + "FROM ledger_roots ORDER BY idx");
    }

    private List<LedgerRoot> roots(String sql) {
        List<LedgerRoot> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new LedgerRoot(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                        rs.getLong(7), rs.getString(8), rs.getString(9)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger's roots could not be read: " + e.getMessage(), e);
        }
        return out;
    }

    /** Entries from {@code fromSeq} in order, at most {@code limit}, optionally of one account and/or kind; their stored canonical text. */
    public List<String> entries(long fromSeq, int limit, String account, String kind) {
        StringBuilder sql = new StringBuilder("SELECT body FROM ledger_entries WHERE seq >= ?");
        if (account != null) {
            sql.append(" AND account = ?");
        }
        if (kind != null) {
            sql.append(" AND kind = ?");
        }
        sql.append(" ORDER BY seq LIMIT ?");
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setLong(i++, fromSeq);
            if (account != null) {
                ps.setString(i++, account);
            }
            if (kind != null) {
                ps.setString(i++, kind);
            }
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not be read: " + e.getMessage(), e);
        }
        return out;
    }

    /** The leaf hashes of the first {@code size} entries (for proofs). */
    public List<byte[]> leaves(long size) {
        try (Connection c = dataSource.getConnection()) {
            return leaves(c, 0, size);
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not be read: " + e.getMessage(), e);
        }
    }

    /** The sequence number of the entry of this payout's settlement (or request), for the member pages' links. */
    public Optional<Long> payoutEntry(String account, String paymentHash) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT seq, body FROM ledger_entries WHERE account = ? AND kind IN ('payout-settled', 'payout-failed', 'payout-requested') "
                        + "ORDER BY seq DESC")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(2).contains("\"paymentHash\":\"" + paymentHash + "\"")) {
                        return Optional.of(rs.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not be read: " + e.getMessage(), e);
        }
        return Optional.empty();
    }

    /** The export {@code verify-ledger} reads (see {@link LedgerVerifier}), line by line. */
    public void export(java.util.function.Consumer<String> out) {
        exportLines().forEachRemaining(out);
    }

    /**
     * The export's lines, read from the database a page at a time as they are taken, so a ledger of any
     * length streams in bounded memory.
     */
    public java.util.Iterator<String> exportLines() {
        List<LedgerRoot> roots = roots();
        String header = Jcs.canonicalText(Jcs.JSON.createObjectNode().put("origin", origin).put("publicKey", key.publicKeyHex()));
        return new java.util.Iterator<>() {
            private final java.util.ArrayDeque<String> ready = new java.util.ArrayDeque<>(List.of(header));
            private long next;
            private int root;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && !done) {
                    List<String> page = entries(next, 5_000, null, null);
                    for (String e : page) {
                        ready.add(e);
                        while (root < roots.size() && roots.get(root).lastSeq() == next) {
                            ready.add(Jcs.canonicalText(roots.get(root++).json()));
                        }
                        next++;
                    }
                    done = page.size() < 5_000;
                }
                return !ready.isEmpty();
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }

    /** The RFC 9162 inclusion proof of entry {@code seq} in the latest signed tree head. */
    public Optional<ObjectNode> inclusionProof(long seq) {
        Optional<LedgerRoot> head = latestRoot();
        if (head.isEmpty() || seq < 0 || seq >= head.get().treeSize()) {
            return Optional.empty();
        }
        List<byte[]> leaves = leaves(head.get().treeSize());
        ObjectNode o = Jcs.JSON.createObjectNode().put("seq", seq).put("treeSize", head.get().treeSize())
                .put("leafHash", HEX.formatHex(leaves.get((int) seq)));
        o.put("entry", entries(seq, 1, null, null).get(0));
        var path = o.putArray("proof");
        MerkleTreeHash.inclusionProof((int) seq, leaves).forEach(h -> path.add(HEX.formatHex(h)));
        o.put("treeRoot", head.get().treeRoot()).put("checkpoint", head.get().checkpoint());
        return Optional.of(o);
    }

    /** The RFC 9162 consistency proof between two tree sizes the ledger has had. */
    public Optional<ObjectNode> consistencyProof(long from, long to) {
        Optional<LedgerRoot> head = latestRoot();
        if (head.isEmpty() || from <= 0 || from > to || to > head.get().treeSize()) {
            return Optional.empty();
        }
        List<byte[]> leaves = leaves(to);
        ObjectNode o = Jcs.JSON.createObjectNode().put("from", from).put("to", to)
                .put("fromRoot", HEX.formatHex(MerkleTreeHash.root(leaves.subList(0, (int) from))))
                .put("toRoot", HEX.formatHex(MerkleTreeHash.root(leaves)));
        var path = o.putArray("proof");
        MerkleTreeHash.consistencyProof((int) from, leaves).forEach(h -> path.add(HEX.formatHex(h)));
        return Optional.of(o);
    }

    /** Stamps the latest roots that have no OpenTimestamps proof yet (a few at a time); what fails is tried at the next seal. */
    public int stampRoots(OpenTimestamps ots) throws SQLException, IOException, InterruptedException {
        if (!ots.enabled()) {
            return 0;
        }
        List<LedgerRoot> unstamped = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.idx, r.root FROM ledger_roots r LEFT JOIN ledger_ots o ON o.root_index = r.idx "
                        + "WHERE o.root_index IS NULL ORDER BY r.idx DESC LIMIT 5"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                unstamped.add(new LedgerRoot(rs.getLong(1), 0, 0, 0, 0, rs.getString(2), 0, "", ""));
            }
        }
        int stamped = 0;
        for (LedgerRoot r : unstamped) {
            byte[] proof = ots.stamp(HEX.parseHex(r.root()));
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO ledger_ots (root_index, ots) VALUES (?, ?)")) {
                ps.setLong(1, r.index());
                ps.setString(2, HEX.formatHex(proof));
                ps.executeUpdate();
                stamped++;
            }
        }
        return stamped;
    }

    /** The {@code .ots} proof of root {@code index}'s period root, once a calendar stamped it. */
    public Optional<byte[]> ots(long index) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT ots FROM ledger_ots WHERE root_index = ?")) {
            ps.setLong(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(HEX.parseHex(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger could not be read: " + e.getMessage(), e);
        }
    }
}
