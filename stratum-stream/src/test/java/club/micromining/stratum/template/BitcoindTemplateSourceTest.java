package club.micromining.stratum.template;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.testkit.FakeBitcoind;
import club.micromining.stratum.testkit.MainnetBlock;
import club.micromining.stratum.testkit.Templates;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bitcoind template source against a loopback server that answers like bitcoind. */
class BitcoindTemplateSourceTest {
    private final ObjectNode template = Templates.fromBlock(MainnetBlock.load("block_542213"), 542213);
    private final LinkedBlockingQueue<BlockTemplate> templates = new LinkedBlockingQueue<>();
    private FakeBitcoind bitcoind;
    private BitcoindTemplateSource source;

    private BitcoindTemplateSource start(FakeBitcoind node, String user, String password, Path cookie) {
        return start(node, user, password, cookie, Duration.ofHours(1), Network.REGTEST);
    }

    private BitcoindTemplateSource start(FakeBitcoind node, String user, String password, Path cookie, Duration refresh,
                                         Network network) {
        bitcoind = node;
        source = new BitcoindTemplateSource(new BitcoindSettings(node.url(), user, password, cookie, Duration.ofMillis(200),
                refresh, Duration.ofSeconds(2), Duration.ofMillis(200)), network);
        source.start(templates::add);
        return source;
    }

    @Test
    void theTemplateIsRefreshedWithoutCleaningJobs() throws Exception {
        start(new FakeBitcoind(template).start(), "pool", "secret", null, Duration.ofMillis(300), Network.REGTEST);
        assertThat(next(Duration.ofSeconds(5)).newBlock()).isTrue();
        BlockTemplate refreshed = next(Duration.ofSeconds(2));
        assertThat(refreshed.newBlock()).isFalse();
        assertThat(refreshed.height()).isEqualTo(542213);
        assertThat(bitcoind.lastRules).isEqualTo("[\"segwit\"]");
    }

    @Test
    void signetTemplatesAreAskedForWithTheSignetRule() throws Exception {
        FakeBitcoind node = new FakeBitcoind(Templates.resource("signet"));
        node.chain = "signet";
        start(node.start(), "pool", "secret", null, Duration.ofHours(1), Network.SIGNET);
        BlockTemplate t = next(Duration.ofSeconds(5));
        assertThat(t.height()).isEqualTo(956);
        assertThat(t.transactions()).hasSize(4);
        assertThat(bitcoind.lastRules).isEqualTo("[\"segwit\",\"signet\"]");
    }

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        if (bitcoind != null) {
            bitcoind.close();
        }
    }

    private BlockTemplate next(Duration within) throws InterruptedException {
        BlockTemplate t = templates.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(t).as("a template within %s", within).isNotNull();
        return t;
    }

    private static void eventually(java.util.function.BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within %s", within).isTrue();
    }

    @Test
    void readsTheTemplateAsBitcoindGivesIt() throws Exception {
        start(new FakeBitcoind(template).start(), "pool", "secret", null);
        BlockTemplate t = next(Duration.ofSeconds(5));
        assertThat(t.height()).isEqualTo(542213);
        assertThat(BlockHeader.displayHex(t.prevHash())).isEqualTo("000000000000000000085a38ccf9c046c51b96add547c466ccba3612b1eb8089");
        assertThat(t.bits()).isEqualTo(0x172819a1);
        assertThat(t.version()).isEqualTo(0x20000000);
        assertThat(t.transactions()).hasSize(3);
        assertThat(BlockHeader.displayHex(t.transactions().get(0).txid()))
                .isEqualTo("66beaceb4be99da1e9824448231ab4fd37bacaee912381e779b37cf0e1dadad7");
        assertThat(t.witnessCommitment()).isNotNull();
        assertThat(t.newBlock()).isTrue();
        assertThat(source.verified().toCompletableFuture().get(5, TimeUnit.SECONDS)).isNull();
        eventually(source::ready, Duration.ofSeconds(5));
    }

    @Test
    void aNewBlockIsNoticedWithinASecondByLongPolling() throws Exception {
        start(new FakeBitcoind(template).start(), "pool", "secret", null);
        next(Duration.ofSeconds(5));
        eventually(source::ready, Duration.ofSeconds(5));
        Thread.sleep(300);
        bitcoind.setTemplate(Templates.next(template, "00000000000000000000aaaa" + "0".repeat(40)));
        BlockTemplate t = next(Duration.ofSeconds(1));
        assertThat(t.newBlock()).isTrue();
        assertThat(t.height()).isEqualTo(542214);
    }

    @Test
    void aNewBlockIsNoticedWithinASecondByPollingWhenLongPollingIsMissing() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template);
        node.longPolling = false;
        start(node.start(), "pool", "secret", null);
        next(Duration.ofSeconds(5));
        bitcoind.setTemplate(Templates.next(template, "00000000000000000000bbbb" + "0".repeat(40)));
        BlockTemplate t;
        do {
            t = next(Duration.ofSeconds(1));
        } while (!t.newBlock());
        assertThat(t.height()).isEqualTo(542214);
    }

    @Test
    void aWrongPasswordIsNotReadyUntilItIsRight() throws Exception {
        start(new FakeBitcoind(template).start(), "pool", "wrong", null);
        Thread.sleep(1000);
        assertThat(source.ready()).isFalse();
        assertThat(templates).isEmpty();
        bitcoind.password = "wrong";
        next(Duration.ofSeconds(5));
        eventually(source::ready, Duration.ofSeconds(5));
    }

    @Test
    void aCookieFileIsReadAgainWhenBitcoindRestartsWithANewOne() throws Exception {
        Path cookie = Files.createTempFile("bitcoind", ".cookie");
        Files.writeString(cookie, "__cookie__:first", StandardCharsets.UTF_8);
        FakeBitcoind node = new FakeBitcoind(template);
        node.user = "__cookie__";
        node.password = "first";
        start(node.start(), "", "", cookie);
        next(Duration.ofSeconds(5));
        node.password = "second";
        Files.writeString(cookie, "__cookie__:second", StandardCharsets.UTF_8);
        node.setTemplate(Templates.next(template, "00000000000000000000cccc" + "0".repeat(40)));
        BlockTemplate t;
        do {
            t = next(Duration.ofSeconds(5));
        } while (!t.newBlock());
        assertThat(source.ready()).isTrue();
    }

    @Test
    void aNodeInInitialBlockDownloadGivesNoJobUntilItIsDone() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template);
        node.initialBlockDownload = true;
        start(node.start(), "pool", "secret", null);
        Thread.sleep(1000);
        assertThat(templates).isEmpty();
        assertThat(source.ready()).isFalse();
        node.initialBlockDownload = false;
        next(Duration.ofSeconds(5));
        eventually(source::ready, Duration.ofSeconds(5));
    }

    @Test
    void aNodeOnAnotherChainFailsVerification() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template);
        node.chain = "main";
        start(node.start(), "pool", "secret", null);
        var verified = source.verified().toCompletableFuture();
        eventually(verified::isDone, Duration.ofSeconds(5));
        assertThat(verified).isCompletedExceptionally();
        assertThat(verified.handle((v, e) -> e.getMessage()).get())
                .contains("'main'").contains("regtest").contains("POOL_NETWORK");
        assertThat(templates).isEmpty();
    }

    @Test
    void aNodeThatGoesAwayAndComesBack() throws Exception {
        start(new FakeBitcoind(template).start(), "pool", "secret", null);
        next(Duration.ofSeconds(5));
        eventually(source::ready, Duration.ofSeconds(5));
        bitcoind.stop();
        eventually(() -> !source.ready(), Duration.ofSeconds(5));
        bitcoind.setTemplate(Templates.next(template, "00000000000000000000dddd" + "0".repeat(40)));
        bitcoind.start();
        BlockTemplate t;
        do {
            t = next(Duration.ofSeconds(10));
        } while (!t.newBlock());
        assertThat(t.height()).isEqualTo(542214);
        eventually(source::ready, Duration.ofSeconds(5));
    }
}
