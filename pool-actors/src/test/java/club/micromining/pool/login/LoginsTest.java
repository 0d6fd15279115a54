package club.micromining.pool.login;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.pool.SingleNodeCluster;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A login challenge is answered once, by a valid signature, before it expires, and taken once by its page. */
class LoginsTest {
    private static ActorTestKit kit;

    @BeforeAll
    static void start() {
        kit = ActorTestKit.create(ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                """).withFallback(ConfigFactory.load()));
        SingleNodeCluster.join(kit.system());
        LoginChallenge.initSharding(kit.system());
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    private static Logins logins(Duration lifetime) {
        return new Logins(kit.system(), new Logins.Settings(lifetime, Duration.ofSeconds(5)));
    }

    private static String sign(ECKey wallet, String k1) {
        return HexFormat.of().formatHex(wallet.sign(Sha256Hash.wrap(k1)).encodeToDER());
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aValidSignatureLogsThePageInOnce() throws Exception {
        Logins logins = logins(Duration.ofMinutes(5));
        Logins.Challenge c = get(logins.challenge("https://pool.example/api/lnurl-auth"));
        assertThat(c.url()).startsWith("https://pool.example/api/lnurl-auth?tag=login&k1=" + c.k1());
        assertThat(c.lnurl()).startsWith("LNURL1");
        assertThat(get(logins.take(c.k1())).linkingKey()).isNull();

        ECKey wallet = new ECKey();
        ECKey other = new ECKey();
        assertThat(get(logins.answer(c.k1(), sign(other, c.k1()), wallet.getPublicKeyAsHex())).error())
                .contains("does not match");
        assertThat(get(logins.answer(c.k1(), sign(wallet, c.k1()), wallet.getPublicKeyAsHex())).ok()).isTrue();
        assertThat(get(logins.answer(c.k1(), sign(wallet, c.k1()), wallet.getPublicKeyAsHex())).error()).contains("already used");

        LoginChallenge.Taken taken = get(logins.take(c.k1()));
        assertThat(taken.linkingKey()).isEqualTo(wallet.getPublicKeyAsHex());
        assertThat(get(logins.take(c.k1())).linkingKey()).isNull();
    }

    @Test
    void anExpiredUnknownOrMalformedChallengeIsRefused() throws Exception {
        Logins logins = logins(Duration.ofMillis(300));
        Logins.Challenge c = get(logins.challenge("https://pool.example/api/lnurl-auth"));
        Thread.sleep(600);
        ECKey wallet = new ECKey();
        assertThat(get(logins.answer(c.k1(), sign(wallet, c.k1()), wallet.getPublicKeyAsHex())).error()).contains("expired");
        String unknown = "ab".repeat(32);
        assertThat(get(logins.answer(unknown, sign(wallet, unknown), wallet.getPublicKeyAsHex())).error()).contains("unknown");
        assertThat(get(logins.answer("zz", "30", wallet.getPublicKeyAsHex())).error()).contains("k1");
        assertThat(get(logins.take("not-a-k1")).over()).isTrue();
    }
}
