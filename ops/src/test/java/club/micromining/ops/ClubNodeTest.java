package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.ops.ledger.VerifyLedger;
import club.micromining.pool.facade.Caller;
import club.micromining.pool.facade.ClaimResult;
import club.micromining.pool.facade.Club;
import club.micromining.pool.facade.ProjectResult;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

/**
 * The club's month on a whole node: a miner's account proposes two projects and votes for both, a member's
 * wallet votes and comments for the account it claimed; an account that did not mine and a wallet that did
 * not claim the account are refused; at the round's close the vote is
 * tallied in the ledger, the fund (a donation and the project-fund parts) covers only the first, which is
 * paid over Lightning by the payout path with its preimage as proof; verify-ledger recomputes the tally.
 */
class ClubNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ROUND_MILLIS = 20_000;

    private static ProjectResult await(java.util.concurrent.CompletionStage<ProjectResult> r) throws Exception {
        return r.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void aRoundsVoteFundsWhatTheFundCoversAndPaysItWithProof() throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-club"), 0, 0);
        env.put("POOL_LEDGER_PERIOD", "1s");
        env.put("POOL_LEDGER_SEAL_DELAY", "0s");
        env.put("POOL_ROUND_LENGTH", "20s");
        env.put("POOL_VOTING_WINDOW", "20s");
        env.put("POOL_PAYOUT_CYCLE_INTERVAL", "300ms");
        env.put("POOL_PAYOUT_MIN_FEE_BUDGET_MSAT", "1000");
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            int api = node.apiAddress().getPort();
            Club club = node.pool().club();
            // Start at the beginning of a round, so the whole test happens in one.
            long now = System.currentTimeMillis();
            long left = ROUND_MILLIS - now % ROUND_MILLIS;
            if (left < 15_000) {
                Thread.sleep(left + 50);
            }
            String round = club.currentRound();
            Caller.Wallet erinsWallet = new Caller.Wallet(HexFormat.of().formatHex(new ECKey().getPubKey()));
            ClaimResult.Issued code = (ClaimResult.Issued) node.pool().claimCode(erinsWallet, "erin").toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            try (StratumTestClient miner = StratumTestClient.connect(node.stratumAddress()).handshake("dora.bitaxe");
                 StratumTestClient erin = StratumTestClient.connect(node.stratumAddress()).handshake("erin.bitaxe", code.code())) {
                for (int i = 0; i < 20; i++) {
                    assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
                }
                assertThat(erin.submitShare().get("result").asBoolean()).isTrue();
            }
            // A donation to the club's Lightning Address: 200 sats for the project fund.
            JsonNode payRequest = TestNodes.json(api, "/.well-known/lnurlp/club");
            JsonNode invoice = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(payRequest.path("callback").asText() + "?amount=200000")).build(), HttpResponse.BodyHandlers.ofString()).body());
            node.lightning().pay(invoice.path("pr").asText(), 1_000, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            TestNodes.await(api, "/api/accounts/dora", a -> a.path("creditedMsat").asLong() > 0);
            // The round's funding goal counts the donation with what the shares gave the project fund.
            long goalDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            club.micromining.pool.view.FundingGoalView goal;
            do {
                goal = node.pool().fundingGoal().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } while (goal.projectFundMsat() < 200_000 && System.nanoTime() < goalDeadline);
            assertThat(goal.round()).isEqualTo(round);
            assertThat(goal.projectFundMsat()).isGreaterThan(200_000);
            assertThat(goal.goalEur()).isEqualTo(2_500);
            assertThat(goal.hashrateForGoal()).as("far from the goal: some hash rate would reach it").isPositive();

            Caller operator = new Caller.Operator();
            String recipient = HexFormat.of().formatHex(new ECKey().getPubKey());
            ProjectResult first = await(club.propose(operator, "dora", new ProjectEntity.Proposal("Solar panel", "For the club's BitAxes",
                    100_000, recipient)));
            assertThat(first).isInstanceOf(ProjectResult.Done.class);
            String solar = ((ProjectResult.Done) first).project();
            String antenna = ((ProjectResult.Done) await(club.propose(operator, "dora", new ProjectEntity.Proposal("Antenna", "", 150_000,
                    recipient)))).project();
            assertThat(await(club.propose(operator, "dora", new ProjectEntity.Proposal("Broken", "", 1_000, "nobody@nowhere.invalid"))))
                    .isInstanceOf(ProjectResult.Refused.class);
            assertThat(await(club.propose(operator, "dora", new ProjectEntity.Proposal("Stickers", "", 1_000, recipient))))
                    .isInstanceOf(ProjectResult.Done.class);
            TestNodes.await(api, "/api/projects?round=" + round, p -> p.path("projects").size() == 3);
            ProjectResult fourth = await(club.propose(operator, "dora", new ProjectEntity.Proposal("More", "", 1_000, recipient)));
            assertThat(((ProjectResult.Refused) fourth).reason()).contains("3 proposals in this round already");

            // The miner's account has work in the round and may vote; an account that never mined may not.
            TestNodes.await(api, "/api/rounds/" + round, r -> r.path("tickets").size() > 0);
            assertThat(await(club.vote(operator, "dora", solar, true))).isInstanceOf(ProjectResult.Done.class);
            assertThat(await(club.vote(operator, "dora", antenna, false))).isInstanceOf(ProjectResult.Done.class);
            assertThat(await(club.vote(operator, "dora", antenna, true))).as("a second vote replaces the first")
                    .isInstanceOf(ProjectResult.Done.class);
            ProjectResult nobody = await(club.vote(operator, "nobody", solar, true));
            assertThat(((ProjectResult.Refused) nobody).reason()).contains("only accounts that mined");
            ProjectResult stranger = await(club.vote(new Caller.Wallet("02" + "cd".repeat(32)), "dora", solar, true));
            assertThat(((ProjectResult.Refused) stranger).reason()).contains("claim dora first");
            assertThat(await(club.comment(operator, "dora", solar, "Let's do it"))).isInstanceOf(ProjectResult.Done.class);
            // A member's wallet acts for the account it claimed, and only for it.
            assertThat(await(club.vote(erinsWallet, "erin", solar, true))).isInstanceOf(ProjectResult.Done.class);
            assertThat(await(club.comment(erinsWallet, "erin", solar, "Me too"))).isInstanceOf(ProjectResult.Done.class);
            assertThat(await(club.withdraw(erinsWallet, "erin", solar))).as("only the author withdraws")
                    .isInstanceOf(ProjectResult.Refused.class);
            assertThat(await(club.vote(erinsWallet, "dora", solar, false))).isInstanceOf(ProjectResult.Refused.class);

            JsonNode listed = TestNodes.await(api, "/api/projects?round=" + round, p -> p.path("projects").size() == 3);
            assertThat(listed.path("projects").findValuesAsText("status")).containsOnly("proposed");
            TestNodes.await(api, "/api/projects/" + solar, p -> p.path("votes").size() == 2 && p.path("comments").size() == 2);
            JsonNode detail = TestNodes.await(api, "/api/projects/" + antenna, p -> p.path("votes").size() == 1);
            assertThat(detail.path("votes").get(0).path("inFavour").asBoolean()).isTrue();

            // The round closes: solar (2 for) and antenna (1 for) are eligible; solar is funded, antenna does not fit what is left.
            JsonNode paid = TestNodes.await(api, "/api/projects/" + solar, p -> "paid".equals(p.path("status").asText()));
            byte[] preimage = HexFormat.of().parseHex(paid.path("preimage").asText());
            assertThat(HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(preimage)))
                    .isEqualTo(paid.path("paymentHash").asText());
            assertThat(paid.path("rank").asInt()).isEqualTo(1);
            assertThat(paid.path("comments").get(0).path("text").asText()).isEqualTo("Let's do it");
            assertThat(paid.path("votesFor").asText()).as("dora and erin").isEqualTo("2");
            JsonNode notFunded = TestNodes.await(api, "/api/projects/" + antenna, p -> "not-funded".equals(p.path("status").asText()));
            assertThat(notFunded.path("rank").asInt()).isEqualTo(2);
            assertThat(await(club.vote(operator, "dora", antenna, true))).as("voting is over").isInstanceOf(ProjectResult.Refused.class);

            String ledger = TestNodes.await(api, "/api/ledger?kind=project-paid", e -> e.toString().contains("preimage")).toString();
            assertThat(ledger).contains(paid.path("preimage").asText());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = VerifyLedger.run(new String[] {"http://127.0.0.1:" + api}, new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 project tallies recomputed");
            JsonNode rounds = TestNodes.json(api, "/api/rounds");
            assertThat(rounds.path("rounds").findValuesAsText("id")).contains(round);
            assertThat(TestNodes.get(api, "/api/projects/NOT-AN-ID").statusCode()).isEqualTo(404);
            assertThat(TestNodes.get(api, "/api/rounds/never").statusCode()).isEqualTo(404);
        }
    }
}
