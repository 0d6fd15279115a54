package club.micromining.persistence.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.persistence.TestDatabases;
import club.micromining.persistence.db.Database;
import club.micromining.persistence.db.DatabaseSettings;
import club.micromining.pool.ledger.Jcs;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.raffle.Raffle;
import club.micromining.pool.raffle.Rounds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The club's month in the ledger: a round's vote tallied once from the ledger's own entries and funded as
 * far as the fund covers, an unclaimed prize rolled over into the next pot, a round drawn after a restart
 * from its stored commitment; the verifier recomputes all of it from the export and names what was forged.
 */
class ClubLedgerTest {
    private static final long HOUR = 3_600_000;
    private static final long T0 = 1_764_547_200_000L; // 2025-12-01T00:00Z
    private static final String ROUND = Long.toString(T0 / HOUR);
    private static final Voting VOTING = new Voting(Rounds.parse("1h"), Duration.ofMinutes(20), Voting.Weight.ONE, 0);

    @TempDir
    Path dir;

    private interface SqlWork {
        void run(Connection c) throws Exception;
    }

    private static void inTx(Database db, SqlWork work) throws Exception {
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            work.run(c);
            c.commit();
        }
    }

    private static LedgerStore.Draft draft(String kind, String account, ObjectNode payload) {
        return new LedgerStore.Draft(kind, account, payload);
    }

    private static ObjectNode object() {
        return Jcs.JSON.createObjectNode();
    }

    private static LedgerStore.Draft proposal(String project, long amountMsat, long atMillis) {
        return draft(LedgerKinds.PROJECT_PROPOSED, "alice", object().put("project", project).put("round", ROUND).put("author", "alice")
                .put("title", project).put("amountMsat", amountMsat).put("proposedAt", LedgerEntry.time(atMillis)));
    }

    private static LedgerStore.Draft vote(String project, String account, boolean inFavour) {
        return draft(LedgerKinds.VOTE, account, object().put("project", project).put("round", ROUND).put("account", account)
                .put("inFavour", inFavour));
    }

    private static LedgerStore.Contribution work(String account, long period, String difficulty, long projectFund, long rafflePot) {
        return new LedgerStore.Contribution(account, "bitaxe", period, 1, new BigDecimal(difficulty), 1_000, projectFund, rafflePot, 0, 0);
    }

    private static List<String> export(LedgerStore store) {
        List<String> lines = new ArrayList<>();
        store.export(lines::add);
        return lines;
    }

    private static JsonNode only(List<String> lines, String kind) {
        List<JsonNode> found = lines.stream().skip(1).map(Jcs::parse).filter(e -> e.path("kind").asText().equals(kind)).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0).path("payload");
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
    void aRoundsVoteIsTalliedOnceAndFundsInRankOrderOnlyWhatTheFundCoversInFull() throws Exception {
        try (Database db = Database.open(TestDatabases.h2())) {
            LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            store.projects().start(VOTING, amount -> amount / 100);
            inTx(db, c -> {
                store.addContributions(c, "device-0", List.of(work("alice", T0, "1536", 30_000, 0), work("carol", T0, "1", 0, 0),
                        work("bob", T0, "1E-10", 3, 0)));
                store.append(c, List.of(draft(LedgerKinds.DONATION, null, object().put("paymentHash", "dd".repeat(32))
                                .put("amountMsat", 12_000_000).put("fund", "project-fund")),
                        proposal("solar", 10_000_000, T0 + 1_000), proposal("antenna", 5_000_000, T0 + 2_000),
                        proposal("workshop", 1_000_000, T0 + 3_000), proposal("dropped", 1_000, T0 + 4_000),
                        draft(LedgerKinds.PROJECT_WITHDRAWN, null, object().put("project", "dropped")),
                        vote("solar", "alice", false), vote("solar", "alice", true), vote("solar", "carol", true),
                        vote("antenna", "alice", true), vote("antenna", "carol", true), vote("workshop", "alice", true),
                        vote("workshop", "bob", true)), T0 + 50 * 60_000);
            });
            store.seal(T0 + HOUR, HOUR, T0 + HOUR + 60_000);
            store.seal(T0 + 2 * HOUR, HOUR, T0 + 2 * HOUR + 60_000);
            List<String> lines = export(store);
            JsonNode tally = only(lines, LedgerKinds.PROJECT_TALLY);
            assertThat(tally.path("round").asText()).isEqualTo(ROUND);
            // 12 000 000 donated + 30 000 + 3 from the contributions before the round's end.
            assertThat(tally.path("fundMsat").asLong()).isEqualTo(12_030_003);
            List<String> ranked = new ArrayList<>();
            tally.path("results").forEach(r -> ranked.add(r.path("project").asText() + ":" + r.path("inFavour").asText() + ":"
                    + r.path("voters").asInt() + ":" + r.path("funded").asBoolean()));
            // bob's 1e-10 difficulty is no whole hash: his vote weighs nothing; the withdrawn proposal is not ranked.
            assertThat(ranked).containsExactly("solar:2:2:true", "antenna:2:2:false", "workshop:1:1:false");
            assertThat(LedgerVerifier.verify(lines, store.key().publicKey()).projectTallies()).isEqualTo(1);

            List<ProjectsLedger.PendingResult> results = store.projects().pendingResults();
            assertThat(results).extracting(ProjectsLedger.PendingResult::project).containsExactly("solar", "antenna", "workshop");
            assertThat(results.get(0).funded()).isTrue();
            assertThat(results.get(0).feeBudgetMsat()).isEqualTo(100_000);
            store.projects().acknowledged(ROUND);
            assertThat(store.projects().pendingResults()).isEmpty();

            // Paid within its budget; a payment of a project no tally funded is caught.
            inTx(db, c -> store.append(c, List.of(draft(LedgerKinds.PROJECT_PAID, null, object().put("project", "solar")
                    .put("paymentHash", "aa".repeat(32)).put("preimage", "bb".repeat(32)).put("amountMsat", 10_000_000)
                    .put("feeMsat", 40_000))), T0 + 2 * HOUR + 70_000));
            store.seal(T0 + 3 * HOUR, HOUR, T0 + 3 * HOUR + 60_000);
            LedgerVerifier.verify(export(store), store.key().publicKey());
            inTx(db, c -> store.append(c, List.of(draft(LedgerKinds.PROJECT_PAID, null, object().put("project", "antenna")
                    .put("paymentHash", "cc".repeat(32)).put("preimage", "ee".repeat(32)).put("amountMsat", 5_000_000)
                    .put("feeMsat", 1))), T0 + 3 * HOUR + 70_000));
            store.seal(T0 + 4 * HOUR, HOUR, T0 + 4 * HOUR + 60_000);
            assertThat(bad(export(store), store.key().publicKey())).hasMessageContaining("without a tally that funded it");
        }
    }

    @Test
    void aForgedTallyIsFoundThoughItsLinksAndRootsHold() throws Exception {
        try (Database db = Database.open(TestDatabases.h2())) {
            LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            store.projects().start(VOTING, amount -> amount / 100);
            inTx(db, c -> {
                store.addContributions(c, "device-0", List.of(work("alice", T0, "1536", 30_000_000, 0)));
                store.append(c, List.of(proposal("solar", 10_000_000, T0 + 1_000), proposal("antenna", 5_000_000, T0 + 2_000),
                        vote("antenna", "alice", true)), T0 + 50 * 60_000);
            });
            store.seal(T0 + HOUR, HOUR, T0 + HOUR + 60_000);
            store.seal(T0 + 2 * HOUR, HOUR, T0 + 2 * HOUR + 60_000);
            JsonNode tally = only(export(store), LedgerKinds.PROJECT_TALLY);
            assertThat(tally.path("results").get(0).path("project").asText()).isEqualTo("antenna");
            ObjectNode forged = tally.deepCopy();
            ((ObjectNode) forged.path("results").get(1)).put("funded", true).put("eligible", true).put("feeBudgetMsat", 100_000);
            forged.put("fundMsat", 24_950_000);
            inTx(db, c -> store.append(c, List.of(draft(LedgerKinds.PROJECT_TALLY, null, forged)), T0 + 2 * HOUR + 70_000));
            store.seal(T0 + 3 * HOUR, HOUR, T0 + 3 * HOUR + 60_000);
            assertThat(bad(export(store), store.key().publicKey())).hasMessageContaining("tally of round " + ROUND)
                    .hasMessageContaining("not what the votes give");
        }
    }

    @Test
    void anUnclaimedPrizeRollsOverIntoTheNextRoundsPotOnce() throws Exception {
        try (Database db = Database.open(TestDatabases.h2())) {
            LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            LedgerStoreTest.FakeChain chain = new LedgerStoreTest.FakeChain(870_000);
            store.raffle().start(new Raffle.Settings(Rounds.parse("1h"), Raffle.Weighting.LINEAR, 6, 6, 100, Duration.ofDays(30)), chain);
            inTx(db, c -> store.addContributions(c, "device-0", List.of(work("alice", T0, "1536", 0, 20_000))));
            store.seal(T0 + HOUR, HOUR, T0 + HOUR + 60_000);
            store.seal(T0 + 2 * HOUR, HOUR, T0 + 2 * HOUR + 60_000);
            chain.tip = 870_012;
            assertThat(store.raffle().draw()).hasSize(1);
            RaffleLedger.PendingPrize prize = store.raffle().pendingPrizes().get(0);
            assertThat(prize.msat()).isEqualTo(20_000);
            store.raffle().rollOver(prize);
            store.raffle().rollOver(prize);
            assertThat(store.raffle().pendingPrizes()).isEmpty();

            inTx(db, c -> store.addContributions(c, "device-0", List.of(work("bob", T0 + 2 * HOUR, "2", 0, 5_000))));
            store.seal(T0 + 3 * HOUR, HOUR, T0 + 3 * HOUR + 60_000);
            chain.tip = 870_030;
            List<Raffle.Draw> next = store.raffle().draw();
            assertThat(next).extracting(Raffle.Draw::winner).containsExactly("bob");
            List<String> lines = export(store);
            assertThat(lines.stream().filter(l -> l.contains("\"kind\":\"prize-rolled-over\"")).count()).as("once").isEqualTo(1);
            assertThat(lines.stream().filter(l -> l.contains("\"kind\":\"raffle-draw\"") && l.contains("\"winner\":\"bob\"")).findFirst()
                    .orElseThrow()).contains("\"potMsat\":25000", "\"prizeMsat\":25000");
            LedgerVerifier.Report report = LedgerVerifier.verify(lines, store.key().publicKey());
            assertThat(report.raffleDraws()).isEqualTo(2);

            // As members read the rounds: the first one's prize went back, the second one's waits for bob.
            club.micromining.pool.view.RoundView firstRound = store.raffle().queries().round(ROUND, T0 + 4 * HOUR).orElseThrow();
            assertThat(firstRound.status()).isEqualTo("drawn");
            assertThat(firstRound.draw().prize()).isEqualTo("rolled-over");
            assertThat(firstRound.tickets()).extracting(club.micromining.pool.view.RoundView.Ticket::account).containsExactly("alice");
            String second = Long.toString(T0 / HOUR + 2);
            club.micromining.pool.view.RoundView secondRound = store.raffle().queries().round(second, T0 + 4 * HOUR).orElseThrow();
            assertThat(secondRound.draw().winner()).isEqualTo("bob");
            assertThat(secondRound.draw().prize()).isEqualTo("waiting");
            assertThat(secondRound.rafflePotMsat()).isEqualTo(25_000);
            assertThat(store.raffle().queries().recent(T0 + 3 * HOUR + 1, 10)).extracting(club.micromining.pool.view.RoundView::id)
                    .containsExactly(Long.toString(T0 / HOUR + 3), second, Long.toString(T0 / HOUR + 1), ROUND);
            assertThat(store.raffle().queries().hashes("bob", second)).isEqualTo(java.math.BigInteger.valueOf(2L << 32));
            assertThat(store.raffle().queries().round("not-a-round", T0)).isEmpty();
            assertThat(store.raffle().queries().round(Long.toString(T0 / HOUR + 100), T0)).as("not begun").isEmpty();

            // A second roll-over of the same prize would count its sats twice in the next pot.
            inTx(db, c -> store.append(c, List.of(LedgerKinds.prizeRolledOver(prize.round(), prize.drawSeq(), prize.winner(),
                    prize.msat())), T0 + 3 * HOUR + 70_000));
            store.seal(T0 + 4 * HOUR, HOUR, T0 + 4 * HOUR + 60_000);
            assertThat(bad(export(store), store.key().publicKey())).hasMessageContaining("rolls over that no draw before it gave");
        }
    }

    @Test
    void aRoundCommittedBeforeARestartIsDrawnAfterItFromItsStoredCommitmentOnce() throws Exception {
        DatabaseSettings settings = TestDatabases.h2();
        Raffle.Settings raffle = new Raffle.Settings(Rounds.parse("1h"), Raffle.Weighting.SQRT, 6, 6, 100, Duration.ofDays(30));
        try (Database db = Database.open(settings)) {
            LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            store.raffle().start(raffle, new LedgerStoreTest.FakeChain(870_000));
            inTx(db, c -> store.addContributions(c, "device-0", List.of(work("alice", T0, "1536", 0, 20_000),
                    work("bob", T0, "3", 0, 2))));
            store.seal(T0 + HOUR, HOUR, T0 + HOUR + 60_000);
            store.seal(T0 + 2 * HOUR, HOUR, T0 + 2 * HOUR + 60_000);
            assertThat(store.raffle().draw()).as("its block is not mined yet").isEmpty();
        }
        // The node stops; by its restart the chain moved on, and the work of the round is not counted again.
        try (Database db = Database.open(settings)) {
            LedgerStore store = new LedgerStore(db.dataSource(), LedgerKey.loadOrCreate(dir), "test.example/ledger");
            store.raffle().start(raffle, new LedgerStoreTest.FakeChain(870_020));
            store.seal(T0 + 3 * HOUR, HOUR, T0 + 3 * HOUR + 60_000);
            List<Raffle.Draw> draws = store.raffle().draw();
            assertThat(draws).hasSize(1);
            assertThat(store.raffle().draw()).isEmpty();
            List<String> lines = export(store);
            assertThat(lines.stream().filter(l -> l.contains("\"kind\":\"raffle-commitment\"")).count()).isEqualTo(1);
            JsonNode commitment = only(lines, LedgerKinds.RAFFLE_COMMITMENT);
            JsonNode draw = only(lines, LedgerKinds.RAFFLE_DRAW);
            // The draw recomputed here from the export's commitment and the block hash alone.
            Raffle.Draw again = Raffle.draw(LedgerKinds.commitmentOf(commitment), draw.path("blockHash").asText());
            assertThat(again.winner()).isEqualTo(draw.path("winner").asText());
            assertThat(again.seedHex()).isEqualTo(draw.path("seed").asText());
            assertThat(draw.path("height").asLong()).isEqualTo(870_006);
            LedgerVerifier.verify(lines, store.key().publicKey());
        }
        assertThatThrownBy(() -> Raffle.draw(new Raffle.Commitment("x", List.of(), new byte[32], java.math.BigInteger.ZERO, 1), "00"))
                .hasMessageContaining("without tickets");
    }
}
