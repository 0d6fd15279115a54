package club.micromining.persistence.ledger;

import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.ledger.MerkleTreeHash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.persistence.TestDatabases;
import club.micromining.persistence.db.Database;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import club.micromining.persistence.db.DatabaseSettings;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** The ledger on H2: appended, sealed and exported, then checked by the verifier; every kind of tampering is caught and named. */
class LedgerStoreTest {
    private static final long HOUR = 3_600_000;
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00Z

    @TempDir
    Path dir;

    private static void inTx(Database db, SqlWork work) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            work.run(c);
            c.commit();
        }
    }

    interface SqlWork {
        void run(Connection c) throws Exception;
    }

    private static LedgerStore.Draft payout(String kind, String account, String hash, long amount, long budgetOrFee) {
        var p = Jcs.JSON.createObjectNode().put("account", account).put("paymentHash", hash).put("amountMsat", amount);
        if (kind.equals(LedgerKinds.PAYOUT_REQUESTED)) {
            p.put("feeBudgetMsat", budgetOrFee);
        } else if (kind.equals(LedgerKinds.PAYOUT_SETTLED)) {
            p.put("feeMsat", budgetOrFee).put("preimage", "00".repeat(32));
        }
        return new LedgerStore.Draft(kind, account, p);
    }

    private List<String> ledger(Database db, LedgerStore store) throws Exception {
        inTx(db, c -> {
            store.addContributions(c, "device-0", List.of(new LedgerStore.Contribution("alice", "bitaxe", T0, 3, new BigDecimal("1536"),
                    900_000, 30_000, 20_000, 10_000, 40_000)));
            store.addContributions(c, "device-1", List.of(new LedgerStore.Contribution("bob", "gamma", T0, 1, new BigDecimal("1E-10"),
                    92, 3, 2, 1, 2)));
            store.addCredits(c, "member", List.of(new LedgerStore.Credit("alice", T0, 900_000), new LedgerStore.Credit("bob", T0, 92)));
        });
        store.seal(T0 + HOUR, HOUR, T0 + HOUR + 60_000);
        inTx(db, c -> store.append(c, List.of(payout(LedgerKinds.PAYOUT_REQUESTED, "alice", "aa", 500_000, 5_000),
                payout(LedgerKinds.PAYOUT_SETTLED, "alice", "aa", 500_000, 1_200),
                payout(LedgerKinds.PAYOUT_REQUESTED, "bob", "bb", 50, 1),
                payout(LedgerKinds.PAYOUT_FAILED, "bob", "bb", 50, 0)), T0 + HOUR + 120_000));
        inTx(db, c -> store.addCredits(c, "member", List.of(new LedgerStore.Credit("alice", T0 + HOUR, 1_000))));
        store.seal(T0 + 2 * HOUR, HOUR, T0 + 2 * HOUR + 60_000);
        List<String> lines = new ArrayList<>();
        store.export(lines::add);
        return lines;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void anExportVerifiesAndItsBalancesAreTheEntities(String name, DatabaseSettings settings) throws Exception {
        try (Database db = Database.open(settings)) {
            LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            List<String> lines = ledger(db, store);
            LedgerVerifier.Report r = LedgerVerifier.verify(lines, store.key().publicKey());
            assertThat(r.entries()).isEqualTo(9);
            assertThat(r.roots()).isEqualTo(2);
            assertThat(r.unsealed()).isZero();
            assertThat(r.treeRoot()).isEqualTo(HexFormat.of().formatHex(store.latestTreeRoot()));
            // alice: 900 000 + 1 000 credited, 500 000 paid with a 1 200 fee; bob: 92, his payout failed.
            assertThat(r.balances()).isEqualTo(Map.of(
                    "alice", new LedgerVerifier.Balance(901_000, 901_000 - 500_000 - 1_200, 0, 500_000, 1_200),
                    "bob", new LedgerVerifier.Balance(92, 92, 0, 0, 0)));
            assertThat(lines.get(1)).contains("\"kind\":\"contribution\"", "\"difficulty\":\"1536\"");
            assertThat(String.join("\n", lines)).contains("\"difficulty\":\"0.0000000001\"").doesNotContain("E-10");

            var proof = store.inclusionProof(5).orElseThrow();
            assertThat(LedgerVerifier.verifyProof(proof, store.key().publicKey())).isEqualTo(5);
            proof.put("seq", 4);
            assertThatThrownBy(() -> LedgerVerifier.verifyProof(proof, store.key().publicKey()))
                    .isInstanceOf(LedgerVerifier.Bad.class);
            var consistency = store.consistencyProof(4, 9).orElseThrow();
            List<byte[]> path = new ArrayList<>();
            consistency.get("proof").forEach(h -> path.add(HexFormat.of().parseHex(h.asText())));
            assertThat(MerkleTreeHash.verifyConsistency(4, 9, HexFormat.of().parseHex(store.roots().get(0).treeRoot()),
                    HexFormat.of().parseHex(store.roots().get(1).treeRoot()), path)).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("club.micromining.persistence.TestDatabases#both")
    void anyChangeIsFoundAndNamed(String name, DatabaseSettings settings) throws Exception {
        try (Database db = Database.open(settings)) {
            LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            List<String> lines = ledger(db, store);
            byte[] key = store.key().publicKey();
            // lines: 0 header, 1-4 entries 0-3 (the first period's aggregates), 5 root 0, 6-10 entries 4-8, 11 root 1
            assertThat(lines.get(5)).contains("\"treeRoot\"");
            assertThat(lines.get(11)).contains("\"treeRoot\"");

            List<String> amount = new ArrayList<>(lines);
            amount.set(7, amount.get(7).replace("\"amountMsat\":500000", "\"amountMsat\":400000"));
            assertThat(bad(amount, key).where()).isEqualTo("entry 5");

            List<String> oneByte = new ArrayList<>(lines);
            oneByte.set(2, oneByte.get(2).replace("gamma", "gammb"));
            assertThat(bad(oneByte, key).where()).isEqualTo("entry 1");

            List<String> space = new ArrayList<>(lines);
            space.set(3, space.get(3).replace(",\"prev\"", ", \"prev\""));
            assertThat(bad(space, key)).hasMessageContaining("entry 2").hasMessageContaining("canonical");

            List<String> dropped = new ArrayList<>(lines);
            dropped.remove(2);
            assertThat(bad(dropped, key)).hasMessageContaining("entry 1 is missing");

            List<String> swapped = new ArrayList<>(lines);
            swapped.set(7, lines.get(8));
            swapped.set(8, lines.get(7));
            assertThat(bad(swapped, key).where()).isEqualTo("entry 6");

            List<String> root = new ArrayList<>(lines);
            String r = root.get(11);
            int at = r.indexOf("\"root\":\"") + 8;
            root.set(11, r.substring(0, at) + (r.charAt(at) == '0' ? '1' : '0') + r.substring(at + 1));
            assertThat(bad(root, key).where()).isEqualTo("root 1");

            List<String> head = new ArrayList<>(lines);
            head.set(5, head.get(5).replace("\"treeSize\":4", "\"treeSize\":3"));
            assertThat(bad(head, key).where()).isEqualTo("root 0");

            byte[] otherKey = LedgerKey.loadOrCreate(dir.resolve("other")).publicKey();
            List<String> resigned = new ArrayList<>(lines);
            resigned.set(0, "{\"origin\":\"test.example/ledger\",\"publicKey\":\"" + HexFormat.of().formatHex(otherKey) + "\"}");
            assertThat(bad(resigned, otherKey).where()).isEqualTo("root 0");

            List<String> floating = new ArrayList<>(lines);
            floating.set(7, floating.get(7).replace("\"amountMsat\":500000", "\"amountMsat\":500000.5"));
            assertThat(bad(floating, key)).hasMessageContaining("entry 5").hasMessageContaining("integer");
        }
    }

    @Test
    void aRoundThatEndedIsCommittedOnceFromTheLedgersOwnContributions() throws Exception {
        try (Database db = Database.open(TestDatabases.h2())) {
            LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            store.raffle().start(new club.micromining.pool.raffle.Raffle.Settings(club.micromining.pool.raffle.Rounds.parse("1h"),
                    club.micromining.pool.raffle.Raffle.Weighting.LINEAR, 6, 6, 100, java.time.Duration.ofDays(30)), new FakeChain(870_000));
            List<String> lines = ledger(db, store);
            store.seal(T0 + 3 * HOUR, HOUR, T0 + 3 * HOUR + 60_000);
            lines = new ArrayList<>();
            store.export(lines::add);
            List<String> commitments = lines.stream().filter(l -> l.contains("\"kind\":\"raffle-commitment\"")).toList();
            // Round T0..T0+1h had alice's 1536 difficulty (bob's 1e-10 makes no whole hash); the second round had no work.
            assertThat(commitments).hasSize(1);
            assertThat(commitments.get(0)).contains("\"tickets\":[{\"account\":\"alice\",\"tickets\":\"6597069766656\"}]",
                    "\"targetHeight\":870006", "\"tipHeight\":870000");
            LedgerVerifier.Report r = LedgerVerifier.verify(lines, store.key().publicKey());
            assertThat(r.raffleCommitments()).isEqualTo(1);

            // A commitment the contributions do not give is found, though its links and roots hold.
            var p = Jcs.parse(commitments.get(0)).get("payload").deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) p).put("total", "6597069766657");
            inTx(db, c -> store.append(c, List.of(new LedgerStore.Draft(LedgerKinds.RAFFLE_COMMITMENT, null,
                    (com.fasterxml.jackson.databind.node.ObjectNode) p)), T0 + 3 * HOUR + 70_000));
            store.seal(T0 + 4 * HOUR, HOUR, T0 + 4 * HOUR + 60_000);
            List<String> forged = new ArrayList<>();
            store.export(forged::add);
            assertThat(bad(forged, store.key().publicKey())).hasMessageContaining("not what the ledger's contributions give");
        }
    }

    @Test
    void aCommittedRoundIsDrawnOnceItsBlockHasItsConfirmationsAndTheVerifierRecomputesTheDraw() throws Exception {
        for (boolean forge : new boolean[] {false, true}) {
            try (Database db = Database.open(TestDatabases.h2())) {
                LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
                FakeChain chain = new FakeChain(870_000);
                store.raffle().start(new club.micromining.pool.raffle.Raffle.Settings(club.micromining.pool.raffle.Rounds.parse("1h"),
                        club.micromining.pool.raffle.Raffle.Weighting.SQRT, 6, 6, 100, java.time.Duration.ofDays(30)), chain);
                ledger(db, store);
                if (forge) {
                    var p = Jcs.JSON.createObjectNode().put("round", Long.toString(T0 / HOUR)).put("height", 870_006)
                            .put("blockHash", String.format("%064x", 870_006L * 7919)).put("seed", "00".repeat(32)).put("iterations", 0)
                            .put("winner", "bob");
                    List<String> lines = new ArrayList<>();
                    store.export(lines::add);
                    p.put("ticketRoot", Jcs.parse(lines.stream().filter(l -> l.contains("raffle-commitment")).findFirst().orElseThrow())
                            .get("payload").get("ticketRoot").asText());
                    inTx(db, c -> store.append(c, List.of(new LedgerStore.Draft(LedgerKinds.RAFFLE_DRAW, "bob", p)), T0 + 3 * HOUR));
                    store.seal(T0 + 3 * HOUR, HOUR, T0 + 3 * HOUR + 1);
                    List<String> forged = new ArrayList<>();
                    store.export(forged::add);
                    assertThat(bad(forged, store.key().publicKey())).hasMessageContaining("is not what its commitment");
                    continue;
                }
                assertThat(store.raffle().draw()).as("the deciding block lacks its confirmations").isEmpty();
                chain.tip = 870_012;
                List<club.micromining.pool.raffle.Raffle.Draw> draws = store.raffle().draw();
                assertThat(draws).hasSize(1);
                assertThat(draws.get(0).winner()).isEqualTo("alice");
                assertThat(draws.get(0).height()).isEqualTo(870_006);
                assertThat(store.raffle().draw()).as("drawn once").isEmpty();
                // The whole raffle pot of the periods before the round's end: alice's 20 000 and bob's 2 msat.
                RaffleLedger.PendingPrize pending = store.raffle().pendingPrizes().get(0);
                assertThat(store.raffle().pendingPrizes()).containsExactly(new RaffleLedger.PendingPrize(Long.toString(T0 / HOUR),
                        pending.drawSeq(), "alice", 20_002, pending.drawnAtMillis()));
                store.raffle().credited(Long.toString(T0 / HOUR));
                assertThat(store.raffle().pendingPrizes()).isEmpty();
                store.seal(T0 + 3 * HOUR, HOUR, T0 + 3 * HOUR + 1);
                List<String> lines = new ArrayList<>();
                store.export(lines::add);
                LedgerVerifier.Report r = LedgerVerifier.verify(lines, store.key().publicKey());
                assertThat(r.raffleCommitments()).isEqualTo(1);
                assertThat(r.raffleDraws()).isEqualTo(1);
                assertThat(lines.stream().filter(l -> l.contains("\"kind\":\"raffle-draw\"")).findFirst().orElseThrow())
                        .contains("\"winner\":\"alice\"", "\"height\":870006", "\"potMsat\":20002", "\"prizeMsat\":20002");
            }
        }
    }

    @Test
    void theExportStreamsPageByPageWithRootsWhereTheyBelong() throws Exception {
        try (Database db = Database.open(TestDatabases.h2())) {
            LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            List<LedgerStore.Draft> many = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                many.add(payout(LedgerKinds.PAYOUT_REQUESTED, "a" + i, "h" + i, 1, 0));
            }
            inTx(db, c -> store.append(c, many, T0 + 1));
            store.seal(T0 + HOUR, HOUR, T0 + HOUR + 1);
            inTx(db, c -> store.append(c, many.subList(0, 3), T0 + HOUR + 2));
            store.seal(T0 + 2 * HOUR, HOUR, T0 + 2 * HOUR + 1);
            List<String> lines = new ArrayList<>();
            store.exportLines().forEachRemaining(lines::add);
            assertThat(lines).hasSize(1 + 5_000 + 1 + 3 + 1);
            assertThat(lines.get(5_001)).contains("\"lastSeq\":4999");
            assertThat(LedgerVerifier.verify(lines, store.key().publicKey()).roots()).isEqualTo(2);
        }
    }

    /** A chain at a fixed height whose block hashes are made up from the height. */
    static final class FakeChain implements club.micromining.pool.raffle.ChainClock {
        volatile long tip;

        FakeChain(long tip) {
            this.tip = tip;
        }

        @Override
        public java.util.OptionalLong tipHeight() {
            return java.util.OptionalLong.of(tip);
        }

        @Override
        public java.util.concurrent.CompletionStage<java.util.Optional<String>> blockHash(long height) {
            return java.util.concurrent.CompletableFuture.completedFuture(height > tip ? java.util.Optional.empty()
                    : java.util.Optional.of(String.format("%064x", height * 7919)));
        }
    }

    private static LedgerVerifier.Bad bad(List<String> lines, byte[] key) {
        try {
            LedgerVerifier.verify(lines, key);
        } catch (LedgerVerifier.Bad e) {
            return e;
        }
        throw new AssertionError("the changed ledger verified");
    }

    @Test
    void aNodeWhoseKeyDidNotSignTheLedgerInTheDatabaseIsRefusedNamingTheDataDirectory() throws Exception {
        try (Database db = Database.open(TestDatabases.h2())) {
            LedgerStore first = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            first.requireSignerOfLatestRoot();
            inTx(db, c -> first.append(c, List.of(payout(LedgerKinds.PAYOUT_REQUESTED, "alice", "aa", 1, 0)), T0 + 1));
            first.seal(T0 + HOUR, HOUR, T0 + HOUR + 1);

            first.requireSignerOfLatestRoot();
            new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger").requireSignerOfLatestRoot();
            LedgerStore stranger = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir.resolve("other-node")), "test.example/ledger");
            assertThatThrownBy(stranger::requireSignerOfLatestRoot)
                    .isInstanceOf(club.micromining.common.config.SettingsException.class)
                    .hasMessageContaining("POOL_DATA_DIR").hasMessageContaining("did not sign the ledger")
                    .hasMessageContaining("copy ledger-ed25519.key");
        }
    }
}
