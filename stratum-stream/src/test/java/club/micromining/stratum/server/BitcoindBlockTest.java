package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.config.StratumSettings;
import club.micromining.stratum.testkit.FakeBitcoind;
import club.micromining.stratum.testkit.MainnetBlock;
import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import club.micromining.stratum.testkit.Templates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.client.MinerJob;
import club.micromining.stratum.job.BlockListener;
import club.micromining.stratum.template.BlockResult;
import club.micromining.stratum.template.BlockTemplate;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.bitcoinj.base.AddressParser;
import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.core.Block;
import org.bitcoinj.core.Transaction;
import org.bitcoinj.script.Script;
import org.bitcoinj.script.ScriptBuilder;
import org.bitcoinj.script.ScriptChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A share that solves the block on a bitcoind template: the pool assembles the full block and sends it
 * with submitblock. The submitted block is read back with bitcoinj and checked against the template.
 * The templates' targets are lowered so a CPU share is a block; everything else is as bitcoind gave it.
 */
class BitcoindBlockTest {

    static Stream<Arguments> templates() {
        return Stream.of(
                Arguments.of("testnet3 template with witness commitment (public-pool fixture)", Templates.resource("witness_small")),
                Arguments.of("regtest template, empty block", Templates.resource("regtest")),
                Arguments.of("mainnet block 542213 rebuilt as a template", Templates.fromBlock(MainnetBlock.load("block_542213"), 542213)),
                Arguments.of("mainnet-sized template, 3 000 transactions", Templates.mainnetSized(3000)));
    }

    private static Map<String, String> settings(FakeBitcoind bitcoind) {
        Map<String, String> settings = new HashMap<>();
        settings.put("micromining.bitcoind.url", bitcoind.url());
        settings.put("micromining.bitcoind.user", "pool");
        settings.put("micromining.bitcoind.password", "secret");
        settings.put("micromining.bitcoind.poll-interval", "200ms");
        settings.put("micromining.bitcoind.retry-interval", "200ms");
        return settings;
    }

    private static TestPool pool(FakeBitcoind bitcoind) {
        return TestPool.start(settings(bitcoind));
    }

    private static void eventually(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within %s", within).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void aSolvedShareIsSubmittedAsTheFullBlock(String name, ObjectNode template) throws Exception {
        ObjectNode easy = Templates.easy(template);
        try (FakeBitcoind bitcoind = new FakeBitcoind(easy).start(); TestPool pool = pool(bitcoind);
             StratumTestClient miner = pool.client().handshake("finder.bitaxe")) {
            JsonNode reply = miner.submit(miner.mine(true, 0x00006000));
            assertThat(reply.get("result").asBoolean()).as("reply %s", reply).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (bitcoind.submitted().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(bitcoind.submitted()).hasSize(1);
            checkBlock(HexFormat.of().parseHex(bitcoind.submitted().get(0)), easy);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("templates")
    void aBlockIsSentAgainAfterTransportErrors(String name, ObjectNode template) throws Exception {
        ObjectNode easy = Templates.easy(template);
        try (FakeBitcoind bitcoind = new FakeBitcoind(easy).start(); TestPool pool = pool(bitcoind);
             StratumTestClient miner = pool.client().handshake("finder.bitaxe")) {
            bitcoind.failingSubmits.set(3);
            assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (bitcoind.submitted().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(bitcoind.failingSubmits.get()).isZero();
            assertThat(bitcoind.submitted()).hasSize(1);
        }
    }

    /**
     * bitcoind's template gains transactions and fees on the same previous block: the refresh reaches the
     * miner as a job with new merkle branches and a larger coinbase, without clean_jobs, and a block found
     * on it carries the new transactions.
     */
    @Test
    void aRefreshedTemplateReachesTheMinersJobWithoutCleaningIt() throws Exception {
        ObjectNode withTransactions = Templates.easy(Templates.fromBlock(MainnetBlock.load("block_542213"), 542213));
        ObjectNode empty = withTransactions.deepCopy();
        empty.putArray("transactions");
        empty.remove("default_witness_commitment");
        empty.put("coinbasevalue", withTransactions.get("coinbasevalue").asLong() - 15_000);
        try (FakeBitcoind bitcoind = new FakeBitcoind(empty)) {
            // Only the refresh timer can bring the new template: no long poll answers.
            bitcoind.longPolling = false;
            bitcoind.start();
            Map<String, String> settings = settings(bitcoind);
            settings.put("micromining.bitcoind.refresh-interval", "1s");
            try (TestPool pool = TestPool.start(settings); StratumTestClient miner = pool.client().handshake("finder.bitaxe")) {
                JsonNode first = miner.received().stream().filter(m -> m.path("method").asText().equals("mining.notify"))
                        .findFirst().orElseThrow().get("params");
                assertThat(first.get(4)).isEmpty();
                assertThat(first.get(3).asText()).contains(valueHex(empty));

                bitcoind.setTemplate(withTransactions);
                JsonNode refreshed;
                do {
                    refreshed = miner.notification("mining.notify").get("params");
                    assertThat(refreshed.get(8).asBoolean()).as("clean_jobs of a refresh").isFalse();
                } while (refreshed.get(4).isEmpty());
                assertThat(refreshed.get(1)).isEqualTo(first.get(1));
                assertThat(refreshed.get(4)).hasSize(2);
                assertThat(refreshed.get(4).get(0).asText()).isEqualTo(HexFormat.of().formatHex(
                        BlockHeader.fromDisplayHex(withTransactions.get("transactions").get(0).get("txid").asText())));
                assertThat(refreshed.get(3).asText()).contains(valueHex(withTransactions));

                miner.job = MinerJob.fromNotify(refreshed);
                assertThat(miner.submit(miner.mine(true, 0)).get("result").asBoolean()).isTrue();
                eventually(() -> !bitcoind.submitted().isEmpty(), Duration.ofSeconds(10));
                checkBlock(HexFormat.of().parseHex(bitcoind.submitted().get(0)), withTransactions);
            }
        }
    }

    /** The coinbase value as it appears in the coinbase output (8 bytes, little-endian). */
    private static String valueHex(ObjectNode template) {
        return HexFormat.of().formatHex(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(template.get("coinbasevalue").asLong()).array());
    }

    /**
     * bitcoind is restarting (warming up) when a block is found, and the pool stops before it answers:
     * the stop is no verdict; the next start sends the block from its pending file and the block
     * listener hears the verdict with the finder and the coinbase value, as it would have at once.
     */
    @Test
    void aBlockUnansweredWhenThePoolStopsIsCreditedAfterTheRestart() throws Exception {
        ObjectNode easy = Templates.easy(Templates.resource("regtest"));
        Path data = Files.createTempDirectory("bitcoind-restart");
        Path pending = data.resolve("blocks-pending");
        LinkedBlockingQueue<Object[]> verdicts = new LinkedBlockingQueue<>();
        BlockListener listener = (result, finder, template) -> verdicts.add(new Object[] {result, finder, template});
        try (FakeBitcoind bitcoind = new FakeBitcoind(easy).start()) {
            Map<String, String> settings = settings(bitcoind);
            settings.put("micromining.data-dir", data.toString());
            String hash;
            try (TestPool pool = TestPool.start(settings, null, listener);
                 StratumTestClient miner = pool.client().handshake("finder.bitaxe")) {
                bitcoind.warmingUp = true;
                assertThat(miner.submitShare().get("result").asBoolean()).isTrue();
                eventually(() -> bitcoind.requests().stream().anyMatch(r -> r.method().equals("submitblock")),
                        Duration.ofSeconds(10));
                try (Stream<Path> files = Files.list(pending)) {
                    hash = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".hex")).findFirst()
                            .orElseThrow().replace(".hex", "");
                }
            }
            assertThat(verdicts).as("stopping is not a verdict").isEmpty();
            assertThat(pending.resolve(hash + ".hex")).exists();

            bitcoind.warmingUp = false;
            try (TestPool pool = TestPool.start(settings, null, listener)) {
                Object[] verdict = verdicts.poll(10, TimeUnit.SECONDS);
                assertThat(verdict).as("the verdict after the restart").isNotNull();
                BlockResult result = (BlockResult) verdict[0];
                BlockTemplate template = (BlockTemplate) verdict[2];
                assertThat(result.accepted()).isTrue();
                assertThat(result.blockHash()).isEqualTo(hash);
                assertThat(result.height()).isEqualTo(easy.get("height").asLong());
                assertThat(verdict[1]).isEqualTo("finder.bitaxe");
                assertThat(template.coinbaseValue()).isEqualTo(easy.get("coinbasevalue").asLong());
                assertThat(String.format("%08x", template.bits())).isEqualTo(Templates.EASY_BITS);
                assertThat(bitcoind.submitted()).hasSize(1);
                checkBlock(HexFormat.of().parseHex(bitcoind.submitted().get(0)), easy);
                assertThat(pending.resolve(hash + ".hex")).doesNotExist();
            }
        }
    }

    /** What bitcoind would check of a block from this template, done with bitcoinj, not the pool's code. */
    private static void checkBlock(byte[] raw, ObjectNode template) {
        Block block = Block.read(ByteBuffer.wrap(raw));
        List<Transaction> txs = block.getTransactions();
        JsonNode templateTxs = template.get("transactions");
        assertThat(txs).hasSize(templateTxs.size() + 1);
        for (int i = 0; i < templateTxs.size(); i++) {
            assertThat(txs.get(i + 1).getTxId().toString()).isEqualTo(templateTxs.get(i).get("txid").asText());
            assertThat(HexFormat.of().formatHex(txs.get(i + 1).serialize())).isEqualTo(templateTxs.get(i).get("data").asText());
        }
        assertThat(block.getPrevBlockHash().toString()).isEqualTo(template.get("previousblockhash").asText());
        assertThat(String.format("%08x", block.getDifficultyTarget())).isEqualTo(Templates.EASY_BITS);
        assertThat(block.getHash().toBigInteger()).isLessThanOrEqualTo(block.getDifficultyTargetAsInteger());

        List<byte[]> ids = new ArrayList<>();
        for (Transaction tx : txs) {
            ids.add(tx.getTxId().serialize());
        }
        assertThat(merkleRoot(ids)).isEqualTo(block.getMerkleRoot().serialize());

        Transaction coinbase = txs.get(0);
        assertThat(coinbase.isCoinBase()).isTrue();
        List<ScriptChunk> chunks = new Script(coinbase.getInput(0).getScriptBytes()).chunks();
        long height = template.get("height").asLong();
        assertThat(heightOf(chunks.get(0))).isEqualTo(height);
        byte[] payout = ScriptBuilder.createOutputScript(
                AddressParser.getDefault(BitcoinNetwork.REGTEST).parseAddress(StratumSettings.REGTEST_DEFAULT_PAYOUT)).program();
        assertThat(coinbase.getOutput(0).getScriptBytes()).isEqualTo(payout);
        assertThat(coinbase.getOutput(0).getValue().value).isEqualTo(template.get("coinbasevalue").asLong());
        if (template.has("default_witness_commitment")) {
            assertThat(HexFormat.of().formatHex(coinbase.getOutput(1).getScriptBytes()))
                    .isEqualTo(template.get("default_witness_commitment").asText());
            assertThat(coinbase.getInput(0).getWitness().getPushCount()).isEqualTo(1);
            assertThat(coinbase.getInput(0).getWitness().getPush(0)).isEqualTo(new byte[32]);
        }
    }

    private static long heightOf(ScriptChunk chunk) {
        if (chunk.isOpCode() && chunk.opcode >= 0x51 && chunk.opcode <= 0x60) {
            return chunk.opcode - 0x50;
        }
        long v = 0;
        for (int i = chunk.data.length - 1; i >= 0; i--) {
            v = (v << 8) | (chunk.data[i] & 0xff);
        }
        return v;
    }

    private static byte[] merkleRoot(List<byte[]> level) {
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                byte[] left = level.get(i);
                byte[] right = i + 1 < level.size() ? level.get(i + 1) : left;
                byte[] both = new byte[64];
                System.arraycopy(left, 0, both, 0, 32);
                System.arraycopy(right, 0, both, 32, 32);
                next.add(Sha256d.hash(both));
            }
            level = next;
        }
        return level.get(0);
    }
}
