package club.micromining.pool.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.pool.PoolSettings;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EuroRateTest {

    @Test
    void theRateIsReadAtItsPointerAndTheLastGoodOneStaysWhileTheSourceFails() throws Exception {
        AtomicReference<String> answer = new AtomicReference<>("{\"bitcoin\":{\"eur\":81234.56}}");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/price", exchange -> {
            String body = answer.get();
            if (body == null) {
                exchange.sendResponseHeaders(503, -1);
            } else {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/price");
            EuroRate rate = new EuroRate(new PoolSettings.FundingGoal(2_500, 90_000, url, "/bitcoin/eur", Duration.ofMinutes(10),
                    Duration.ofSeconds(2)));
            assertThat(rate.eurPerBtc()).as("the fixed rate until the source answers").isEqualTo(90_000);
            rate.refresh();
            assertThat(rate.eurPerBtc()).isEqualTo(81_234);
            answer.set(null);
            rate.refresh();
            assertThat(rate.eurPerBtc()).isEqualTo(81_234);
            answer.set("{\"bitcoin\":{\"usd\":1}}");
            rate.refresh();
            assertThat(rate.eurPerBtc()).isEqualTo(81_234);
            answer.set("{\"bitcoin\":{\"eur\":95000}}");
            rate.refresh();
            assertThat(rate.eurPerBtc()).isEqualTo(95_000);
        } finally {
            server.stop(0);
        }
        EuroRate unreachable = new EuroRate(new PoolSettings.FundingGoal(2_500, 90_000, URI.create("http://127.0.0.1:1/price"),
                "/bitcoin/eur", Duration.ofMinutes(10), Duration.ofMillis(300)));
        unreachable.refresh();
        assertThat(unreachable.eurPerBtc()).isEqualTo(90_000);
        assertThatThrownBy(() -> EuroRate.parse("{\"eur\":0}", "/eur")).hasMessageContaining("no positive number");
    }

    @Test
    void theGoalsArithmetic() {
        // 2 500 EUR at 100 000 EUR/BTC: 0.025 BTC = 2 500 000 000 msat.
        assertThat(new PoolSettings.FundingGoal(2_500, 0, null, "/x", Duration.ZERO, Duration.ZERO).goalMsat(100_000))
                .isEqualTo(2_500_000_000L);
        // 1 000 msat from work of difficulty 1 (2^32 hashes); 1 TH/s for 100 s more is 100e12 / 2^32 difficulty.
        assertThat(Goal.estimateMsat(1_000, 1, 1e12, 100)).isEqualTo(1_000 + (long) Math.floor(1e14 / 0x1p32 * 1_000));
        assertThat(Goal.estimateMsat(1_000, 0, 1e12, 100)).as("nothing known yet").isEqualTo(1_000);
        // The rest, 9 000 msat, at 1 000 msat per 2^32 hashes in 100 s.
        assertThat(Goal.hashrateFor(10_000, 1_000, 1, 100)).isEqualTo(9 * 0x1p32 / 100);
        assertThat(Goal.hashrateFor(10_000, 10_000, 1, 100)).isZero();
        assertThat(Goal.hashrateFor(10_000, 0, 0, 100)).isEqualTo(-1);
    }
}
