package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.pool.facade.Caller;
import club.micromining.pool.facade.ClaimResult;
import club.micromining.pool.facade.PayoutSettingsResult;
import club.micromining.pool.facade.Pool;
import club.micromining.stratum.testkit.StratumTestClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.Test;

/**
 * Claiming an account over real Stratum: a logged-in wallet gets a code, a miner of the account authorizes
 * with it as password, and from then on only that wallet may change the account.
 */
class ClaimNodeTest {
    private static final Caller.Wallet GINA = new Caller.Wallet(HexFormat.of().formatHex(new ECKey().getPubKey()));
    private static final Caller.Wallet MALLORY = new Caller.Wallet(HexFormat.of().formatHex(new ECKey().getPubKey()));

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static boolean eventually(Pool pool, Caller.Wallet wallet, String account) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (get(pool.owns(wallet, account))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static PayoutSettingsResult payout(Pool pool, Caller caller) throws Exception {
        String destination = HexFormat.of().formatHex(new ECKey().getPubKey());
        return get(pool.setPayoutSettings(caller, "gina", destination, OptionalLong.of(50_000)));
    }

    @Test
    void aCodeInTheMinersPasswordBindsTheAccountOnceAndOnlyToItsWallet() throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-claim"), 0, 0);
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            Pool pool = node.pool();
            assertThat(payout(pool, GINA)).isInstanceOf(PayoutSettingsResult.Refused.class);
            ClaimResult.Issued code = (ClaimResult.Issued) get(pool.claimCode(GINA, "gina"));
            ClaimResult.Issued rival = (ClaimResult.Issued) get(pool.claimCode(MALLORY, "gina"));

            // A password that is not this account's code: mining goes on, nothing is bound.
            try (StratumTestClient wrong = StratumTestClient.connect(node.stratumAddress())
                    .handshake("gina.bitaxe", "claim-ABCDEFGHJK")) {
                assertThat(wrong.submitShare().get("result").asBoolean()).isTrue();
            }
            Thread.sleep(500);
            assertThat(get(pool.owns(GINA, "gina"))).isFalse();
            assertThat(get(pool.owns(MALLORY, "gina"))).isFalse();

            try (StratumTestClient miner = StratumTestClient.connect(node.stratumAddress()).handshake("gina.bitaxe", code.code())) {
                assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
                assertThat(eventually(pool, GINA, "gina")).isTrue();
            }
            // The rival's code came too late; a new code is refused to everyone.
            try (StratumTestClient late = StratumTestClient.connect(node.stratumAddress()).handshake("gina.other", rival.code())) {
                assertThat(late.submitShare().get("result").asBoolean()).isTrue();
            }
            Thread.sleep(500);
            assertThat(get(pool.owns(MALLORY, "gina"))).isFalse();
            assertThat(get(pool.owns(GINA, "gina"))).isTrue();
            assertThat(get(pool.claimCode(MALLORY, "gina"))).isInstanceOf(ClaimResult.Refused.class);

            assertThat(payout(pool, MALLORY)).isInstanceOf(PayoutSettingsResult.Refused.class);
            assertThat(payout(pool, GINA)).isInstanceOf(PayoutSettingsResult.Saved.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<String> mine = List.of();
            while (mine.isEmpty() && System.nanoTime() < deadline) {
                mine = get(pool.accountsOf(GINA));
                Thread.sleep(100);
            }
            assertThat(mine).containsExactly("gina");
            assertThat(get(pool.accountsOf(MALLORY))).isEmpty();
        }
    }
}
