package club.micromining.pool.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 8785's own samples (sections 3.2.2-3.2.4, Appendix B) and cyberphone/json-canonicalization's test data. */
class JcsTest {

    @Test
    void theRfcSampleBecomesItsCanonicalBytes() {
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n  \"literals\": [null, true, false]\n}";
        byte[] out = Jcs.canonical(Jcs.parse(input));
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
        assertThat(HexFormat.of().formatHex(out)).isEqualTo(("7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72"
                + "75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a"
                + "5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31"
                + "65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37"
                + "5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30"
                + "30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d").replace(" ", ""));
    }

    @Test
    void membersSortByUtf16CodeUnits() {
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With Dagesh\","
                + "\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\",\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        String out = Jcs.canonicalText(Jcs.parse(input));
        String[] order = {"Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face",
                "Hebrew Letter Dalet With Dagesh"};
        for (int i = 1; i < order.length; i++) {
            assertThat(out.indexOf(order[i - 1])).isLessThan(out.indexOf(order[i]));
        }
        assertThat(out).startsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\"");
    }

    @Test
    void structuresAndValuesOfTheReferenceTestData() {
        assertThat(Jcs.canonicalText(Jcs.parse("{\"1\": {\"f\": {\"f\": \"hi\",\"F\": 5} ,\"\\n\": 56.0}, \"10\": { }, \"\": \"empty\", "
                + "\"a\": { }, \"111\": [ { } ], \"A\": { } }")))
                .isEqualTo("{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},\"10\":{},\"111\":[{}],\"A\":{},\"a\":{}}");
        assertThat(Jcs.canonicalText(Jcs.parse("{\"Unnormalized Unicode\":\"\\u1e0d\\u0307\"}")))
                .isEqualTo("{\"Unnormalized Unicode\":\"\u1e0d\u0307\"}");
    }

    @Test
    void numbersAsEcmaScriptPrintsThem() {
        String[][] table = {
                {"0000000000000000", "0"}, {"8000000000000000", "0"}, {"0000000000000001", "5e-324"}, {"8000000000000001", "-5e-324"},
                {"7fefffffffffffff", "1.7976931348623157e+308"}, {"ffefffffffffffff", "-1.7976931348623157e+308"},
                {"4340000000000000", "9007199254740992"}, {"c340000000000000", "-9007199254740992"},
                {"4430000000000000", "295147905179352830000"}, {"44b52d02c7e14af5", "9.999999999999997e+22"},
                {"44b52d02c7e14af6", "1e+23"}, {"44b52d02c7e14af7", "1.0000000000000001e+23"},
                {"444b1ae4d6e2ef4e", "999999999999999700000"}, {"444b1ae4d6e2ef4f", "999999999999999900000"},
                {"444b1ae4d6e2ef50", "1e+21"}, {"3eb0c6f7a0b5ed8c", "9.999999999999997e-7"}, {"3eb0c6f7a0b5ed8d", "0.000001"},
                {"41b3de4355555553", "333333333.3333332"}, {"41b3de4355555554", "333333333.33333325"},
                {"41b3de4355555555", "333333333.3333333"}, {"41b3de4355555556", "333333333.3333334"},
                {"41b3de4355555557", "333333333.33333343"}, {"becbf647612f3696", "-0.0000033333333333333333"},
                {"43143ff3c1cb0959", "1424953923781206.2"}};
        for (String[] row : table) {
            double d = Double.longBitsToDouble(Long.parseUnsignedLong(row[0], 16));
            assertThat(Jcs.number(d)).as(row[0]).isEqualTo(row[1]);
        }
        assertThatThrownBy(() -> Jcs.number(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jcs.number(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void duplicateNamesAndLoneSurrogatesAreRefused() {
        assertThatThrownBy(() -> Jcs.parse("{\"a\":1,\"a\":2}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jcs.canonical(Jcs.parse("{\"a\":\"\\udead\"}"))).isInstanceOf(IllegalArgumentException.class);
    }
}
