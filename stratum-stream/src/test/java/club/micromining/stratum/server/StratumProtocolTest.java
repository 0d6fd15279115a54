package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Stratum V1 conversation over real TCP, as ESP-Miner and cgminer-class firmware hold it. */
class StratumProtocolTest {
    private static TestPool pool;

    @BeforeAll
    static void start() {
        pool = TestPool.start(Map.of());
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    private static void assertError(JsonNode reply, int code) {
        assertThat(reply.get("error").isArray()).as("error in %s", reply).isTrue();
        assertThat(reply.get("error").get(0).asInt()).as("code in %s", reply).isEqualTo(code);
        assertThat(reply.get("error").get(1).asText()).isNotBlank();
        assertThat(reply.get("result").asBoolean()).isFalse();
    }

    /**
     * TCP keeps no message boundaries: a request may come in pieces, several in one segment, and with CRLF.
     * Each is answered once, in order.
     */
    @Test
    void requestsSplitAcrossSegmentsOrSharingOneAreEachAnsweredInOrder() throws InterruptedException {
        try (StratumTestClient c = pool.client()) {
            byte[] subscribe = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"bitaxe/BM1370/test\"]}\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < subscribe.length; i += 7) {
                c.sendBytes(Arrays.copyOfRange(subscribe, i, Math.min(subscribe.length, i + 7)));
                Thread.sleep(2);
            }
            c.sendBytes(("\n{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"split.bitaxe\",\"x\"]}\n"
                    + "{\"id\":3,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}\r\n{\"id\":4,\"method\":")
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(50);
            c.sendBytes("\"mining.authorize\",\"params\":[\"split.bitaxe2\",\"x\"]}\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(c.reply(1).get("result").get(1).asText()).matches("[0-9a-f]{16}");
            assertThat(c.reply(2).get("result").asBoolean()).isTrue();
            assertThat(c.reply(3).get("result").asBoolean()).isTrue();
            assertThat(c.reply(4).get("result").asBoolean()).isTrue();
            List<Integer> order = c.received().stream().filter(m -> m.has("id") && !m.has("method"))
                    .map(m -> m.get("id").asInt()).toList();
            assertThat(order).containsExactly(1, 2, 3, 4);
        }
    }

    @Test
    void espMinerHandshakeGetsRollingSubscriptionDifficultyAndAJob() {
        try (StratumTestClient c = pool.client()) {
            int configure = c.request("mining.configure", List.of("version-rolling", "minimum-difficulty", "shiny-new-thing"),
                    Map.of("version-rolling.mask", "ffffffff"));
            int subscribe = c.request("mining.subscribe", "bitaxe/BM1370/v2.4.0");
            int authorize = c.request("mining.authorize", "alice.bitaxe1", "x");

            JsonNode conf = c.reply(configure);
            assertThat(conf.get("id").isInt()).isTrue();
            assertThat(conf.get("result").get("version-rolling").asBoolean()).isTrue();
            assertThat(conf.get("result").get("version-rolling.mask").asText()).isEqualTo("1fffe000");
            assertThat(conf.get("result").get("minimum-difficulty").asBoolean()).isFalse();
            assertThat(conf.get("result").get("shiny-new-thing").asBoolean()).isFalse();
            assertThat(conf.get("error").isNull()).isTrue();

            JsonNode sub = c.reply(subscribe).get("result");
            assertThat(sub.get(0).toString()).contains("mining.set_difficulty").contains("mining.notify");
            assertThat(sub.get(1).asText()).matches("[0-9a-f]{16}");
            assertThat(sub.get(2).asInt()).isEqualTo(4);

            JsonNode diff = c.notification("mining.set_difficulty");
            assertThat(diff.get("params").get(0).isNumber()).isTrue();
            assertThat(diff.get("params").get(0).asDouble()).isEqualTo(1e-6);
            JsonNode notify = c.notification("mining.notify");
            JsonNode params = notify.get("params");
            assertThat(params).hasSize(9);
            assertThat(params.get(0).isTextual()).isTrue();
            assertThat(params.get(1).asText()).matches("[0-9a-f]{64}");
            assertThat(params.get(5).asText()).matches("[0-9a-f]{8}");
            assertThat(params.get(8).asBoolean()).isTrue();

            assertThat(c.reply(authorize).get("result").asBoolean()).isTrue();
            assertThat(c.call("mining.suggest_difficulty", 1000).get("result").asBoolean()).isTrue();
            assertThat(c.call("mining.extranonce.subscribe").get("result").asBoolean()).isTrue();
        }
    }

    /** BIP 310: the answer is the requested mask AND the pool's ({@code 1fffe000}), and shares are held to it. */
    @Test
    void aNarrowerRequestedMaskIsAnsweredWithTheIntersectionAndEnforced() {
        try (StratumTestClient c = pool.client()) {
            int configure = c.request("mining.configure", List.of("version-rolling"),
                    Map.of("version-rolling.mask", "00fff000", "version-rolling.min-bit-count", 2));
            assertThat(c.reply(configure)).isEqualTo(json("{\"id\":" + configure
                    + ",\"result\":{\"version-rolling\":true,\"version-rolling.mask\":\"00ffe000\"},\"error\":null}"));
            subscribeAndAuthorize(c, "dave.narrow");

            assertThat(c.submit(c.mine(true, 0x00ffe000)).get("result").asBoolean()).isTrue();
            // Inside the pool's mask, outside the one this miner was given.
            assertError(c.submit(c.mine(true, 0x01000000)), 20);
        }
    }

    /** BIP 310: every requested extension is answered, an unknown one with false; minimum-difficulty is kept. */
    @Test
    void minimumDifficultyIsTakenAndAnUnknownExtensionAnsweredFalse() {
        try (StratumTestClient c = pool.client()) {
            int configure = c.request("mining.configure", List.of("minimum-difficulty", "shiny-new-thing"),
                    Map.of("minimum-difficulty.value", 1e-6, "shiny-new-thing.level", 3));
            assertThat(c.reply(configure)).isEqualTo(json("{\"id\":" + configure
                    + ",\"result\":{\"minimum-difficulty\":true,\"shiny-new-thing\":false},\"error\":null}"));
            subscribeAndAuthorize(c, "erin.floor");
            assertThat(c.difficulty).isEqualTo(1e-6);

            // Without the minimum this would lower the difficulty to the pool's floor of 1e-8.
            assertThat(c.call("mining.suggest_difficulty", 1e-8).get("result").asBoolean()).isTrue();
            assertThat(c.call("mining.extranonce.subscribe").get("result").asBoolean()).isTrue();
            assertThat(c.received()).filteredOn(m -> m.path("method").asText().equals("mining.set_difficulty")).hasSize(1);
        }
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Subscribe and authorize after a configure the test wrote itself, taking the first difficulty and job. */
    private static void subscribeAndAuthorize(StratumTestClient c, String user) {
        JsonNode sub = c.call("mining.subscribe", "bitaxe/BM1366/v2.5.0").get("result");
        c.user = user;
        c.extranonce1 = HexFormat.of().parseHex(sub.get(1).asText());
        c.extranonce2Size = sub.get(2).asInt();
        c.notification("mining.set_difficulty");
        c.nextJob();
        assertThat(c.call("mining.authorize", user, "x").get("result").asBoolean()).isTrue();
    }

    @Test
    void aGroundShareIsAcceptedAndRecordedOnce() {
        try (StratumTestClient c = pool.client().handshake("bob.kitchen")) {
            String[] share = c.mine(true, 0);
            JsonNode reply = c.submit(share);
            assertThat(reply.get("result").asBoolean()).as("reply %s", reply).isTrue();
            assertThat(reply.get("error").isNull()).isTrue();

            assertError(c.submit(share), 22);

            List<AcceptedShare> bobs = pool.shares().recent().stream().filter(s -> s.account().equals("bob")).toList();
            assertThat(bobs).hasSize(1);
            assertThat(bobs.get(0).worker()).isEqualTo("kitchen");
            assertThat(bobs.get(0).extranonce2()).isEqualTo(share[2]);
            assertThat(bobs.get(0).difficulty()).isEqualTo(1e-6);
        }
    }

    @Test
    void rolledVersionBitsInsideTheMaskAreAcceptedOutsideRefused() {
        try (StratumTestClient c = pool.client().handshake("carol.rig")) {
            assertThat(c.submit(c.mine(true, 0x0a966000)).get("result").asBoolean()).isTrue();
            assertError(c.submit(c.mine(true, 0x00001000)), 20);
        }
    }

    @Test
    void unknownJobIsError21() {
        try (StratumTestClient c = pool.client().handshake("dave.rig")) {
            String[] share = c.mine(true, 0);
            share[1] = "feedface";
            assertError(c.submit(share), 21);
        }
    }

    @Test
    void shareAboveTargetIsError23() {
        try (StratumTestClient c = pool.client().handshake("erin.rig")) {
            assertError(c.submit(c.mine(false, 0)), 23);
        }
    }

    @Test
    void submitBeforeAuthorizeIsError24AndBeforeSubscribeIs25() {
        try (StratumTestClient c = pool.client()) {
            assertError(c.call("mining.submit", "frank.rig", "1", "00000000", "00000000", "00000000"), 25);
            c.call("mining.subscribe", "cgminer/4.11");
            c.notification("mining.notify");
            assertError(c.call("mining.submit", "frank.rig", "1", "00000000", "00000000", "00000000"), 24);
        }
        try (StratumTestClient c = pool.client().handshake("frank.rig")) {
            String[] share = c.mine(true, 0);
            share[0] = "mallory.rig";
            assertError(c.submit(share), 24);
        }
    }

    @Test
    void wrongExtranonce2SizeAndBadParamsAreError20() {
        try (StratumTestClient c = pool.client().handshake("gina.rig")) {
            String[] share = c.mine(true, 0);
            share[2] = share[2] + "00";
            assertError(c.submit(share), 20);
            assertError(c.call("mining.submit", "gina.rig", c.job.id(), "zz", "00", "00"), 20);
            assertError(c.call("mining.submit", "gina.rig", c.job.id(), 5, 6, 7), 20);
            assertError(c.call("mining.submit", "gina.rig"), 20);
            assertThat(c.submitShare().get("result").asBoolean()).isTrue();
        }
    }

    @Test
    void badUserNamesAreRefusedWithAReason() {
        try (StratumTestClient c = pool.client()) {
            for (String bad : new String[] {"", "has space.w", "alice.w@rk", ".worker"}) {
                JsonNode reply = c.call("mining.authorize", bad, "x");
                assertThat(reply.get("result").asBoolean()).as(bad).isFalse();
                assertThat(reply.get("error").get(0).asInt()).isEqualTo(24);
                assertThat(reply.get("error").get(1).asText()).containsAnyOf("invalid", "empty");
            }
            assertThat(c.call("mining.authorize", "bc1qdnzp36skyqxssezd9xy34su8qtva8lwknkmfpl", "x").get("result").asBoolean()).isTrue();
            assertThat(c.call("mining.authorize", "hank", "").get("result").asBoolean()).isTrue();
        }
    }

    @Test
    void unknownMethodsAndMalformedJsonGetErrorsNotDisconnects() {
        try (StratumTestClient c = pool.client().handshake("ivy.rig")) {
            JsonNode unknown = c.call("mining.get_transactions", "1");
            assertError(unknown, 20);
            assertThat(unknown.get("error").get(1).asText()).contains("mining.get_transactions");
            c.sendRaw("{this is not json");
            JsonNode malformed = c.peek(m -> m.path("error").isArray() && m.path("id").isNull(), "error for malformed JSON");
            assertThat(malformed.get("error").get(1).asText()).contains("malformed");
            assertThat(c.submitShare().get("result").asBoolean()).isTrue();
        }
    }

    @Test
    void everyConnectionGetsItsOwnExtranonce1() {
        try (StratumTestClient a = pool.client().handshake("jo.a"); StratumTestClient b = pool.client().handshake("jo.b")) {
            assertThat(a.extranonce1).isNotEqualTo(b.extranonce1);
            assertThat(a.job.id()).isEqualTo(b.job.id());
        }
    }
}
