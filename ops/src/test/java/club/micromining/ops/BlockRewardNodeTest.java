package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Target;
import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A whole node under PPLNS and SOLO: shares earn nothing when accepted; the block a miner finds is
 * divided (over the window's work, or to the finder), and the members' balances and the funds add up to
 * the block's value to the millisatoshi.
 */
class BlockRewardNodeTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pplns", "solo"})
    void aFoundBlockIsDividedAndEveryMillisatoshiIsAccountedFor(String scheme) throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-" + scheme), 0, 0);
        env.put("POOL_ACCOUNTING_SCHEME", scheme);
        // Shares nearly free, a block about 430 000 hashes: no share is a block by chance.
        env.put("POOL_START_DIFFICULTY", "1e-8");
        env.put("POOL_MAX_DIFFICULTY", "1e-8");
        env.put("POOL_EMBEDDED_START_DIFFICULTY", "1e-4");
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0);
             StratumTestClient alice = StratumTestClient.connect(node.stratumAddress()).handshake("alice.bitaxe");
             StratumTestClient bob = StratumTestClient.connect(node.stratumAddress()).handshake("bob.nerdaxe")) {
            int api = node.apiAddress().getPort();
            for (int i = 0; i < 20; i++) {
                assertThat(alice.submitShare().get("result").asBoolean()).isTrue();
                assertThat(bob.submitShare().get("result").asBoolean()).isTrue();
            }
            String[] block = bob.mine(bob.job, Target.of(Difficulty.targetFromBits(bob.job.bits())), true, 0x00004000);
            assertThat(bob.submit(block).get("result").asBoolean()).isTrue();

            JsonNode blocks = TestNodes.await(api, "/api/blocks", b -> b.path("blocks").size() > 0
                    && b.path("blocks").get(0).has("reward"));
            JsonNode found = blocks.path("blocks").get(0);
            assertThat(found.path("finder").asText()).isEqualTo("bob.nerdaxe");
            assertThat(found.path("accepted").asBoolean()).isTrue();
            JsonNode reward = found.path("reward");
            assertThat(reward.path("scheme").asText()).isEqualToIgnoringCase(scheme);
            long value = reward.path("valueMsat").asLong();
            // Regtest subsidy at height 1 is 50 BTC; the embedded chain's fees come on top.
            assertThat(value).isGreaterThanOrEqualTo(5_000_000_000_000L);

            List<String> accounts = new ArrayList<>();
            Map<String, Long> members = new HashMap<>();
            long handedOut = reward.path("toReserveMsat").asLong();
            for (JsonNode credit : reward.path("credits")) {
                accounts.add(credit.path("account").asText());
                members.put(credit.path("account").asText(), credit.path("memberMsat").asLong());
                handedOut += credit.path("accrualMsat").asLong();
            }
            assertThat(handedOut).isEqualTo(value);
            if (scheme.equals("solo")) {
                assertThat(accounts).containsExactly("bob");
            } else {
                // A young pool: the window holds all the work, and both mined about the same.
                assertThat(accounts).containsExactly("alice", "bob");
                assertThat(members.get("alice")).isBetween(members.get("bob") * 8 / 10, members.get("bob"));
            }

            long memberTotal = 0;
            for (Map.Entry<String, Long> m : members.entrySet()) {
                JsonNode account = TestNodes.await(api, "/api/accounts/" + m.getKey(),
                        a -> a.path("balanceMsat").asLong() == m.getValue());
                assertThat(account.path("creditedMsat").asLong()).isEqualTo(m.getValue());
                memberTotal += m.getValue();
            }
            if (scheme.equals("solo")) {
                assertThat(TestNodes.json(api, "/api/accounts/alice").path("balanceMsat").asLong()).isZero();
            }
            JsonNode funds = TestNodes.json(api, "/api/pool").path("fundsMsat");
            long fundTotal = 0;
            for (JsonNode f : funds) {
                fundTotal += f.asLong();
            }
            assertThat(memberTotal + fundTotal).isEqualTo(value);
        }
    }
}
