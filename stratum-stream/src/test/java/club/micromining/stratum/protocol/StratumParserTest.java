package club.micromining.stratum.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StratumParserTest {

    private static StratumRequest parse(String s) throws MalformedRequestException {
        return StratumParser.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String id(StratumRequest r) {
        return new String(r.id(), StandardCharsets.UTF_8);
    }

    @Test
    void readsEveryEspMinerFormat() throws Exception {
        // ESP-Miner stratum_api.c, newest compact form, the spaced form and the old jsonrpc form.
        StratumRequest a = parse("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\"}]}");
        assertThat(a.method()).isEqualTo("mining.configure");
        assertThat(a.params()).containsExactly(List.of("version-rolling"), Map.of("version-rolling.mask", "ffffffff"));
        assertThat(id(a)).isEqualTo("1");

        StratumRequest b = parse("{\"id\": 5, \"method\": \"mining.submit\", \"params\": [\"bc1q.w\", \"185abf4\", \"00000001\", \"66221bdf\", \"d2608517\", \"0a966000\"]}");
        assertThat(b.params()).containsExactly("bc1q.w", "185abf4", "00000001", "66221bdf", "d2608517", "0a966000");

        StratumRequest c = parse("{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": \"mining.suggest_difficulty\", \"params\": [1000]}");
        assertThat(c.params()).containsExactly(new BigDecimal(1000));
        assertThat(id(c)).isEqualTo("4");
    }

    @Test
    void echoesIdsExactly() throws Exception {
        assertThat(id(parse("{\"id\":32769,\"method\":\"x\"}"))).isEqualTo("32769");
        assertThat(id(parse("{\"id\":\"a\\\"b\",\"method\":\"x\"}"))).isEqualTo("\"a\\\"b\"");
        assertThat(id(parse("{\"method\":\"x\"}"))).isEqualTo("null");
        assertThat(id(parse("{\"id\":null,\"method\":\"x\",\"params\":[]}"))).isEqualTo("null");
    }

    @Test
    void aMinersReplyHasNoMethod() throws Exception {
        assertThat(parse("{\"id\":10,\"result\":\"bitaxe/2.0\",\"error\":null}").method()).isNull();
    }

    @Test
    void refusesWhatIsNotARequest() {
        for (String bad : new String[] {"", "not json", "[1,2]", "{\"id\":1,", "{\"method\":5}", "{\"id\":1} trailing",
                "{\"id\":[1],\"method\":\"x\"}", "{\"method\":\"x\",\"params\":5}",
                "{\"method\":\"x\",\"params\":[[[[[[[[[[[[[]]]]]]]]]]]]]}"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(MalformedRequestException.class);
        }
    }

    @Test
    void encodesRepliesForFirmware() {
        byte[] id = "7".getBytes(StandardCharsets.US_ASCII);
        assertThat(new String(StratumMessages.resultTrue(id), StandardCharsets.US_ASCII))
                .isEqualTo("{\"id\":7,\"result\":true,\"error\":null}\n");
        assertThat(new String(StratumMessages.error(id, 23, "Low difficulty share", false), StandardCharsets.US_ASCII))
                .isEqualTo("{\"id\":7,\"result\":null,\"error\":[23,\"Low difficulty share\",null]}\n");
        assertThat(StratumMessages.formatDifficulty(1024)).isEqualTo("1024");
        assertThat(StratumMessages.formatDifficulty(1e-10)).isEqualTo("0.0000000001");
        assertThat(StratumMessages.formatDifficulty(0.00025)).isEqualTo("0.00025");
        assertThat(new String(StratumMessages.setDifficulty(2048), StandardCharsets.US_ASCII))
                .isEqualTo("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[2048]}\n");
    }
}
