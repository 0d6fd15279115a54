package club.micromining.stratum.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.job.CoinbaseLayout;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.job.JobFactory;
import club.micromining.stratum.testkit.FakeBitcoind;
import club.micromining.stratum.testkit.MainnetBlock;
import club.micromining.stratum.testkit.Templates;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

/** The bitcoind template source against a loopback server that answers like bitcoind. */
class BitcoindTemplateSourceTest {
    private static final byte[] EN1 = new byte[8];
    private final ObjectNode template = Templates.fromBlock(MainnetBlock.load("block_542213"), 542213);
    private final LinkedBlockingQueue<BlockTemplate> templates = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<RecoveredBlock> recovered = new LinkedBlockingQueue<>();
    private final JobFactory factory = new JobFactory(new CoinbaseLayout(
            Network.REGTEST.outputScript("bcrt1qdnzp36skyqxssezd9xy34su8qtva8lwkmeehd9"), new byte[] {'t'}, 8, 4), 0x1fffe000);
    private final List<ILoggingEvent> logged = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> logs = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
            logged.add(e);
        }
    };
    @TempDir
    Path data;
    private FakeBitcoind bitcoind;
    private BitcoindTemplateSource source;

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(BitcoindTemplateSource.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(BitcoindTemplateSource.class)).detachAppender(logs);
        if (source != null) {
            source.close();
        }
        if (bitcoind != null) {
            bitcoind.close();
        }
    }

    private BitcoindSettings settings(FakeBitcoind node, Duration poll, Duration refresh, Duration retry) {
        return new BitcoindSettings(node.url(), "pool", "secret", null, poll, refresh, Duration.ofSeconds(2), retry,
                data.resolve("blocks-pending"));
    }

    private BitcoindTemplateSource start(FakeBitcoind node) {
        return start(node, settings(node, Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMillis(200)), Network.REGTEST);
    }

    private BitcoindTemplateSource start(FakeBitcoind node, BitcoindSettings settings, Network network) {
        bitcoind = node;
        source = new BitcoindTemplateSource(settings, network);
        source.onRecoveredBlock(recovered::add);
        source.start(templates::add);
        return source;
    }

    private BlockTemplate next(Duration within) throws InterruptedException {
        BlockTemplate t = templates.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(t).as("a template within %s", within).isNotNull();
        return t;
    }

    private static void eventually(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within %s", within).isTrue();
    }

    /** A block on the template (the fake bitcoind judges no proof of work, so any nonce will do). */
    private SolvedBlock block(BlockTemplate t, int nonce) {
        Job job = factory.build("1", t, System.nanoTime());
        byte[] en2 = {1, 0, 0, 0};
        return job.solvedBlock(job.header(job.merkleRoot(EN1, en2), job.ntime(), nonce, job.version()), EN1, en2);
    }

    private Path pendingFile(SolvedBlock b) {
        return data.resolve("blocks-pending").resolve(b.hashHex() + ".hex");
    }

    private long submits() {
        return bitcoind.requests().stream().filter(r -> r.method().equals("submitblock")).count();
    }

    private List<String> logged(Level level, String containing) {
        return logged.stream().filter(e -> e.getLevel() == level && e.getFormattedMessage().contains(containing))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void blockHashesByHeightComeFromGetblockhashAndAHeightAboveTheTipIsNone() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template).start();
        BitcoindTemplateSource s = start(node);
        assertThat(next(Duration.ofSeconds(5)).height()).isEqualTo(542213);
        assertThat(s.blockHash(542212).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .contains(template.path("previousblockhash").asText());
        assertThat(s.blockHash(542213).toCompletableFuture().get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void theTemplateIsRefreshedWithoutCleaningJobs() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template).start();
        start(node, settings(node, Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofMillis(200)), Network.REGTEST);
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
        node.start();
        start(node, settings(node, Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMillis(200)), Network.SIGNET);
        BlockTemplate t = next(Duration.ofSeconds(5));
        assertThat(t.height()).isEqualTo(956);
        assertThat(t.transactions()).hasSize(4);
        assertThat(bitcoind.lastRules).isEqualTo("[\"segwit\",\"signet\"]");
    }

    @Test
    void readsTheTemplateAsBitcoindGivesIt() throws Exception {
        start(new FakeBitcoind(template).start());
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

    /** With a 30 s poll interval only the long poll can notice the block within a second. */
    @Test
    void aNewBlockIsNoticedWithinASecondByLongPolling() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template).start();
        start(node, settings(node, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMillis(200)), Network.REGTEST);
        next(Duration.ofSeconds(5));
        String firstId = node.template().path("longpollid").asText();
        eventually(() -> node.longPollIds().contains(firstId), Duration.ofSeconds(5));
        node.setTemplate(Templates.next(template, "00000000000000000000aaaa" + "0".repeat(40)));
        BlockTemplate t = next(Duration.ofSeconds(1));
        assertThat(t.newBlock()).isTrue();
        assertThat(t.height()).isEqualTo(542214);
        assertThat(node.longPollIds().get(0)).isEqualTo(firstId);
    }

    @Test
    void aNewBlockIsNoticedWithinASecondByPollingWhenLongPollingIsMissing() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template);
        node.longPolling = false;
        start(node.start());
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
        FakeBitcoind node = new FakeBitcoind(template).start();
        node.password = "right";
        start(node);
        Thread.sleep(1000);
        assertThat(source.ready()).isFalse();
        assertThat(templates).isEmpty();
        bitcoind.password = "secret";
        next(Duration.ofSeconds(5));
        eventually(source::ready, Duration.ofSeconds(5));
    }

    /** bitcoind writes a new cookie when it restarts; the old one is refused, so only the new one can work. */
    @Test
    void aCookieFileIsReadAgainWhenBitcoindRestartsWithANewOne() throws Exception {
        Path cookie = Files.createTempFile(data, "bitcoind", ".cookie");
        Files.writeString(cookie, "__cookie__:first", StandardCharsets.UTF_8);
        FakeBitcoind node = new FakeBitcoind(template);
        node.user = "__cookie__";
        node.password = "first";
        node.start();
        start(node, new BitcoindSettings(node.url(), "", "", cookie, Duration.ofMillis(200), Duration.ofHours(1),
                Duration.ofSeconds(2), Duration.ofMillis(200), data.resolve("blocks-pending")), Network.REGTEST);
        next(Duration.ofSeconds(5));
        eventually(source::ready, Duration.ofSeconds(5));

        node.password = "second";
        // As bitcoind does: a temporary file renamed over the old one, so no reader sees half a cookie.
        Path next = Files.writeString(cookie.resolveSibling(cookie.getFileName() + ".tmp"), "__cookie__:second",
                StandardCharsets.UTF_8);
        Files.move(next, cookie, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        // Requests checked against the first password before the switch may still be on their way.
        Thread.sleep(100);
        int before = node.requests().size();
        eventually(() -> node.requests().stream().skip(before)
                .anyMatch(r -> r.authorized() && r.method().equals("getblockchaininfo")), Duration.ofSeconds(5));
        List<FakeBitcoind.Request> after = node.requests().subList(before, node.requests().size());
        assertThat(after).filteredOn(FakeBitcoind.Request::authorized)
                .allMatch(r -> r.authorization().equals(FakeBitcoind.basic("__cookie__", "second")));
        assertThat(after).filteredOn(r -> !r.authorized())
                .allMatch(r -> r.authorization().equals(FakeBitcoind.basic("__cookie__", "first")));
        eventually(source::ready, Duration.ofSeconds(5));
    }

    @Test
    void aNodeInInitialBlockDownloadGivesNoJobUntilItIsDone() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template);
        node.initialBlockDownload = true;
        start(node.start());
        Thread.sleep(1000);
        assertThat(templates).isEmpty();
        assertThat(source.ready()).isFalse();
        node.initialBlockDownload = false;
        next(Duration.ofSeconds(5));
        eventually(source::ready, Duration.ofSeconds(5));
    }

    /** The block count changes on every poll; the log says once that bitcoind is syncing. */
    @Test
    void initialBlockDownloadIsLoggedOnceNotOnEveryPoll() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template);
        node.initialBlockDownload = true;
        node.start();
        start(node, settings(node, Duration.ofMillis(50), Duration.ofHours(1), Duration.ofMillis(50)), Network.REGTEST);
        eventually(() -> node.requests().stream().filter(r -> r.method().equals("getblockchaininfo")).count() >= 10,
                Duration.ofSeconds(5));
        assertThat(logged).filteredOn(e -> e.getFormattedMessage().contains("initial block download")).hasSize(1);
        node.initialBlockDownload = false;
        next(Duration.ofSeconds(5));
        eventually(() -> logged(Level.INFO, "is ready").size() == 1, Duration.ofSeconds(5));
    }

    @Test
    void whileBitcoindIsAwayItIsAskedEveryRetryIntervalNotEveryPollInterval() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template);
        node.dropping = true;
        node.start();
        start(node, settings(node, Duration.ofMillis(50), Duration.ofHours(1), Duration.ofSeconds(1)), Network.REGTEST);
        Thread.sleep(2500);
        // At 0, 1 and 2 s; polling every 50 ms would have asked about 50 times.
        assertThat(node.requests()).hasSizeBetween(2, 4);
        assertThat(logged(Level.WARN, "cannot be reached")).hasSize(1);
        node.dropping = false;
        next(Duration.ofSeconds(3));
    }

    @Test
    void aNodeOnAnotherChainFailsVerification() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template);
        node.chain = "main";
        start(node.start());
        var verified = source.verified().toCompletableFuture();
        eventually(verified::isDone, Duration.ofSeconds(5));
        assertThat(verified).isCompletedExceptionally();
        assertThat(verified.handle((v, e) -> e.getMessage()).get())
                .contains("'main'").contains("regtest").contains("POOL_NETWORK");
        assertThat(templates).isEmpty();
    }

    @Test
    void aNodeThatGoesAwayAndComesBack() throws Exception {
        start(new FakeBitcoind(template).start());
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

    /** What submitblock answers and what the pool makes of it; the pending file goes with any answer. */
    @ParameterizedTest(name = "submitblock answers {0}")
    @CsvSource(nullValues = "null", value = {
        "null, true",
        "duplicate, true",
        "inconclusive, true",
        "bad-txnmrklroot, false",
    })
    void submitblockAnswers(String answer, boolean accepted) throws Exception {
        start(new FakeBitcoind(template).start());
        bitcoind.submitResult = answer;
        SolvedBlock b = block(next(Duration.ofSeconds(5)), 1);
        List<Boolean> writtenBeforeSubmit = new CopyOnWriteArrayList<>();
        bitcoind.onSubmit = hex -> writtenBeforeSubmit.add(Files.exists(pendingFile(b)));

        BlockResult result = source.submitBlock(b, "alice.bitaxe").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(result.accepted()).isEqualTo(accepted);
        assertThat(result.reason()).isEqualTo(answer);
        assertThat(result.blockHash()).isEqualTo(b.hashHex());
        assertThat(result.height()).isEqualTo(542213);
        assertThat(bitcoind.submitted()).containsExactly(HexFormat.of().formatHex(b.serialize()));
        assertThat(writtenBeforeSubmit).containsExactly(true);
        assertThat(pendingFile(b)).doesNotExist();
    }

    @Test
    void aBlockIsSentUntilBitcoindHasWarmedUp() throws Exception {
        start(new FakeBitcoind(template).start());
        SolvedBlock b = block(next(Duration.ofSeconds(5)), 2);
        bitcoind.warmingUp = true;
        CompletableFuture<BlockResult> result = source.submitBlock(b, "alice.bitaxe").toCompletableFuture();
        eventually(() -> submits() >= 3, Duration.ofSeconds(5));
        assertThat(result).isNotDone();
        assertThat(pendingFile(b)).hasContent(HexFormat.of().formatHex(b.serialize()));

        bitcoind.warmingUp = false;
        assertThat(result.get(5, TimeUnit.SECONDS).accepted()).isTrue();
        assertThat(bitcoind.submitted()).hasSize(1);
        assertThat(pendingFile(b)).doesNotExist();
        assertThat(logged(Level.WARN, "submitblock for block " + b.hashHex())).hasSize(1).allMatch(m -> m.contains("-28"));
    }

    /** Twelve transport failures, more than the eight attempts the pool used to give a block. */
    @Test
    void aBlockIsSentAgainAfterManyTransportErrors() throws Exception {
        FakeBitcoind node = new FakeBitcoind(template).start();
        start(node, settings(node, Duration.ofMillis(200), Duration.ofHours(1), Duration.ofMillis(50)), Network.REGTEST);
        SolvedBlock b = block(next(Duration.ofSeconds(5)), 3);
        bitcoind.failingSubmits.set(12);
        BlockResult result = source.submitBlock(b, "alice.bitaxe").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(result.accepted()).isTrue();
        assertThat(result.reason()).isNull();
        assertThat(submits()).isEqualTo(13);
        assertThat(bitcoind.submitted()).hasSize(1);
        assertThat(logged(Level.WARN, "submitblock for block " + b.hashHex())).hasSize(1);
    }

    /** The answer to a submit on its way when the pool stops still counts, though no poll can follow it. */
    @Test
    void aSubmitInFlightWhenThePoolStopsKeepsItsAnswer() throws Exception {
        start(new FakeBitcoind(template).start());
        SolvedBlock b = block(next(Duration.ofSeconds(5)), 4);
        bitcoind.submitDelayMillis = 700;
        CompletableFuture<BlockResult> result = source.submitBlock(b, "alice.bitaxe").toCompletableFuture();
        eventually(() -> submits() == 1, Duration.ofSeconds(5));
        source.close();
        assertThat(result.get(5, TimeUnit.SECONDS).accepted()).isTrue();
        assertThat(pendingFile(b)).doesNotExist();
    }

    /**
     * A block bitcoind had not answered when the pool stopped stays in its file and goes out at the next
     * start, once bitcoind is up; the verdict, whatever it is, reaches the listener with the finder.
     */
    @ParameterizedTest(name = "after the restart bitcoind answers {0}")
    @CsvSource(nullValues = "null", value = {
        "null, true",
        "duplicate, true",
        "bad-prevblk, false",
    })
    void aPendingBlockIsSentAgainAfterARestart(String answer, boolean accepted) throws Exception {
        start(new FakeBitcoind(template).start());
        BlockTemplate t = next(Duration.ofSeconds(5));
        SolvedBlock b = block(t, 5);
        bitcoind.warmingUp = true;
        CompletableFuture<BlockResult> first = source.submitBlock(b, "alice.bitaxe").toCompletableFuture();
        eventually(() -> submits() >= 1, Duration.ofSeconds(5));
        source.close();
        assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(BlockStillPendingException.class);
        assertThat(pendingFile(b)).exists();
        assertThat(bitcoind.submitted()).isEmpty();

        bitcoind.submitResult = answer;
        bitcoind.warmingUp = false;
        source = new BitcoindTemplateSource(settings(bitcoind, Duration.ofMillis(200), Duration.ofHours(1),
                Duration.ofMillis(200)), Network.REGTEST);
        source.onRecoveredBlock(recovered::add);
        source.start(templates::add);

        RecoveredBlock r = recovered.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("the verdict on the pending block").isNotNull();
        assertThat(r.result().accepted()).isEqualTo(accepted);
        assertThat(r.result().reason()).isEqualTo(answer);
        assertThat(r.result().blockHash()).isEqualTo(b.hashHex());
        assertThat(r.result().height()).isEqualTo(542213);
        assertThat(r.finder()).isEqualTo("alice.bitaxe");
        assertThat(r.template().coinbaseValue()).isEqualTo(t.coinbaseValue());
        assertThat(r.template().bits()).isEqualTo(t.bits());
        assertThat(r.template().prevHash()).isEqualTo(t.prevHash());
        assertThat(bitcoind.submitted()).containsExactly(HexFormat.of().formatHex(b.serialize()));
        eventually(() -> !Files.exists(pendingFile(b)), Duration.ofSeconds(2));
        assertThat(data.resolve("blocks-pending")).isEmptyDirectory();
    }
}
