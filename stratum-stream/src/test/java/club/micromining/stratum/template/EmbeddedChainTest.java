package club.micromining.stratum.template;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.job.CoinbaseLayout;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.job.JobFactory;
import club.micromining.stratum.share.ShareOutcome;
import club.micromining.stratum.share.ShareValidator;
import club.micromining.stratum.share.Submission;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.core.Block;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddedChainTest {
    private static final byte[] EN1 = new byte[8];
    private final LinkedBlockingQueue<BlockTemplate> templates = new LinkedBlockingQueue<>();
    private final JobFactory factory = new JobFactory(new CoinbaseLayout(
            Network.REGTEST.outputScript("bcrt1qdnzp36skyqxssezd9xy34su8qtva8lwkmeehd9"), new byte[] {'t'}, 8, 4), 0x1fffe000);
    private EmbeddedChain chain;

    private EmbeddedChain start(double difficulty, int txs, Duration refresh) {
        chain = new EmbeddedChain(new EmbeddedChainSettings(difficulty, 1e-8, Duration.ofSeconds(1), txs, refresh));
        chain.start(templates::add);
        return chain;
    }

    @AfterEach
    void stop() {
        chain.close();
    }

    private BlockTemplate next() throws InterruptedException {
        BlockTemplate t = templates.poll(10, TimeUnit.SECONDS);
        assertThat(t).as("a template arrived").isNotNull();
        return t;
    }

    /** Grinds nonces until the job's header meets the network target. */
    private static SolvedBlock solve(Job job, int extranonce) {
        byte[] en2 = {(byte) extranonce, 0, 0, 0};
        for (int nonce = 0; ; nonce++) {
            ShareOutcome o = ShareValidator.validate(job, EN1, new Submission(en2, job.ntime(), nonce, 0), 0, job.networkTarget());
            if (o instanceof ShareOutcome.Accepted a && a.block()) {
                return job.solvedBlock(a.header(), EN1, en2);
            }
        }
    }

    @Test
    void acceptsASolvedBlockAndAdvancesWithACleanTemplate() throws Exception {
        start(1e-5, 25, Duration.ofHours(1));
        BlockTemplate first = next();
        assertThat(first.height()).isEqualTo(1);
        assertThat(first.newBlock()).isTrue();
        assertThat(first.transactions()).hasSize(25);
        assertThat(first.witnessCommitment()).isNotNull();

        Job job = factory.build("1", first, System.nanoTime());
        SolvedBlock solved = solve(job, 1);
        BlockResult result = chain.submitBlock(solved, "finder.test").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(result.accepted()).isTrue();
        assertThat(result.height()).isEqualTo(1);
        Block parsed = Block.read(ByteBuffer.wrap(solved.serialize()));
        assertThat(parsed.getHashAsString()).isEqualTo(result.blockHash());
        assertThat(parsed.getTransactions()).hasSize(26);

        BlockTemplate second = next();
        assertThat(second.height()).isEqualTo(2);
        assertThat(second.newBlock()).isTrue();
        assertThat(second.prevHash()).isEqualTo(solved.hash());
        assertThat(chain.status().height()).isEqualTo(2);
        assertThat(chain.status().blocksFound()).isEqualTo(1);

        BlockResult again = chain.submitBlock(solved, "finder.test").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(again.accepted()).isFalse();
        assertThat(again.reason()).isEqualTo("duplicate");
    }

    @Test
    void aBlockWhoseCoinbaseAnchorsTheLedgerIsAccepted() throws Exception {
        start(1e-5, 3, Duration.ofHours(1));
        byte[] root = new byte[32];
        java.util.Arrays.fill(root, (byte) 0x5d);
        JobFactory anchored = new JobFactory(factory.layout(), 0x1fffe000, () -> root);
        Job job = anchored.build("1", next(), System.nanoTime());
        SolvedBlock solved = solve(job, 1);
        BlockResult result = chain.submitBlock(solved, "finder.test").toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(result.accepted()).as(result.reason()).isTrue();
        Block parsed = Block.read(ByteBuffer.wrap(solved.serialize()));
        assertThat(parsed.getTransactions().get(0).getOutputs()).anySatisfy(o ->
                assertThat(o.getScriptBytes()).isEqualTo(JobFactory.anchorScript(root)));
    }

    @Test
    void refusesBlocksThatDoNotCheckOut() throws Exception {
        start(1e-5, 3, Duration.ofHours(1));
        BlockTemplate t = next();
        Job job = factory.build("1", t, System.nanoTime());
        SolvedBlock good = solve(job, 2);

        assertThat(chain.submitBlock(missTarget(job, 2), "finder.test").toCompletableFuture().get().reason()).isEqualTo("high-hash");

        byte[] otherCoinbase = job.coinbase(EN1, new byte[] {7, 7, 7, 7});
        SolvedBlock wrongRoot = new SolvedBlock(t, good.header(), otherCoinbase);
        assertThat(chain.submitBlock(wrongRoot, "finder.test").toCompletableFuture().get().reason()).isEqualTo("bad-txnmrklroot");

        BlockTemplate greedy = new BlockTemplate(t.height(), t.prevHash(), t.version(), t.bits(), t.curtime(),
                t.coinbaseValue() + 1, t.transactions(), t.witnessCommitment(), true);
        Job greedyJob = factory.build("2", greedy, System.nanoTime());
        SolvedBlock overpaid = solve(greedyJob, 3);
        BlockResult result = chain.submitBlock(new SolvedBlock(t, overpaid.header(), overpaid.coinbase()), "finder.test")
                .toCompletableFuture().get();
        assertThat(result.reason()).isEqualTo("bad-cb-amount");

        assertThat(chain.submitBlock(good, "finder.test").toCompletableFuture().get().accepted()).isTrue();
        assertThat(chain.submitBlock(solve(job, 4), "finder.test").toCompletableFuture().get().reason()).isEqualTo("bad-prevblk");
    }

    /**
     * A block whose header and coinbase agree with each other but were built from {@code altered}: mined
     * on a job of that template and submitted as a block of the chain's template {@code real}.
     */
    private SolvedBlock builtFrom(BlockTemplate real, BlockTemplate altered, int extranonce) {
        SolvedBlock solved = solve(factory.build("altered", altered, System.nanoTime()), extranonce);
        return new SolvedBlock(real, solved.header(), solved.coinbase());
    }

    @Test
    void namesTheExactReasonForEachWrongBlock() throws Exception {
        start(1e-5, 3, Duration.ofHours(1));
        BlockTemplate t = next();
        assertThat(t.witnessCommitment()).isNotNull();

        BlockTemplate wrongHeight = new BlockTemplate(t.height() + 1, t.prevHash(), t.version(), t.bits(), t.curtime(),
                t.coinbaseValue(), t.transactions(), t.witnessCommitment(), true);
        assertThat(reason(builtFrom(t, wrongHeight, 1))).isEqualTo("bad-cb-height");

        BlockTemplate noCommitment = new BlockTemplate(t.height(), t.prevHash(), t.version(), t.bits(), t.curtime(),
                t.coinbaseValue(), t.transactions(), null, true);
        assertThat(reason(builtFrom(t, noCommitment, 2))).isEqualTo("bad-witness-merkle-match");
        byte[] otherCommitment = t.witnessCommitment().clone();
        otherCommitment[otherCommitment.length - 1] ^= 1;
        BlockTemplate wrongCommitment = new BlockTemplate(t.height(), t.prevHash(), t.version(), t.bits(), t.curtime(),
                t.coinbaseValue(), t.transactions(), otherCommitment, true);
        assertThat(reason(builtFrom(t, wrongCommitment, 3))).isEqualTo("bad-witness-merkle-match");

        // Easier bits than the chain issued: the proof of work meets them, not the chain's own.
        BlockTemplate easier = new BlockTemplate(t.height(), t.prevHash(), t.version(), 0x207fffff, t.curtime(),
                t.coinbaseValue(), t.transactions(), t.witnessCommitment(), true);
        assertThat(easier.bits()).isNotEqualTo(t.bits());
        assertThat(reason(builtFrom(t, easier, 4))).isEqualTo("bad-diffbits");

        assertThat(chain.status().blocksFound()).isZero();
        assertThat(reason(solve(factory.build("1", t, System.nanoTime()), 5))).isNull();
    }

    private String reason(SolvedBlock block) throws Exception {
        return chain.submitBlock(block, "finder.test").toCompletableFuture().get(10, TimeUnit.SECONDS).reason();
    }

    /** A well-formed block of the job whose hash misses the network target. */
    private static SolvedBlock missTarget(Job job, int extranonce) {
        byte[] en2 = {(byte) extranonce, 0, 0, 0};
        byte[] root = job.merkleRoot(EN1, en2);
        for (int nonce = 0; ; nonce++) {
            byte[] header = job.header(root, job.ntime(), nonce, job.version());
            if (!job.networkTarget().isMetBy(Sha256d.hash(header))) {
                return job.solvedBlock(header, EN1, en2);
            }
        }
    }

    @Test
    void retargetsTowardTheBlockIntervalFromTheWorkItSees() throws Exception {
        start(1.0, 0, Duration.ofMillis(200));
        BlockTemplate first = next();
        double before = Difficulty.fromBits(first.bits());
        // Work of 0.001 difficulty-units per 200 ms is 0.005/s: one block per second wants difficulty 0.005.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        double now = before;
        while (System.nanoTime() < deadline && now > 0.01) {
            chain.workObserved(0.001);
            BlockTemplate t = templates.poll(1, TimeUnit.SECONDS);
            if (t != null) {
                assertThat(t.newBlock()).isFalse();
                now = Difficulty.fromBits(t.bits());
            }
        }
        assertThat(now).isLessThan(0.01).isGreaterThan(0.001);
    }

    @Test
    void aChainRestartedOverItsStoreGoesOnFromItsTipAndStillNamesItsOldBlocks() throws Exception {
        java.util.TreeMap<Long, ChainStore.StoredBlock> kept = new java.util.TreeMap<>();
        ChainStore store = new ChainStore() {
            @Override
            public java.util.Optional<StoredBlock> tip() {
                return kept.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(kept.lastEntry().getValue());
            }

            @Override
            public java.util.Optional<String> hashAt(long height) {
                return java.util.Optional.ofNullable(kept.get(height)).map(StoredBlock::hash);
            }

            @Override
            public void accepted(StoredBlock block) {
                kept.put(block.height(), block);
            }
        };
        EmbeddedChainSettings settings = new EmbeddedChainSettings(1e-5, 1e-8, Duration.ofSeconds(1), 3, Duration.ofHours(1));
        chain = new EmbeddedChain(settings, store);
        chain.start(templates::add);
        BlockTemplate first = next();
        SolvedBlock solved = solve(factory.build("1", first, System.nanoTime()), 1);
        BlockResult one = chain.submitBlock(solved, "finder.test").toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(one.accepted()).isTrue();
        assertThat(kept.get(1L).hash()).isEqualTo(one.blockHash());
        assertThat(kept.get(1L).bits()).isEqualTo(first.bits());
        chain.close();
        templates.clear();

        chain = new EmbeddedChain(settings, store);
        chain.start(templates::add);
        BlockTemplate resumed = next();
        assertThat(resumed.height()).as("the height after the stored tip").isEqualTo(2);
        assertThat(resumed.prevHash()).as("on top of the stored block").isEqualTo(solved.hash());
        assertThat(resumed.bits()).isEqualTo(first.bits());
        assertThat(chain.blockHash(1).toCompletableFuture().get(10, TimeUnit.SECONDS)).contains(one.blockHash());
        SolvedBlock again = solve(factory.build("2", resumed, System.nanoTime()), 2);
        assertThat(chain.submitBlock(again, "finder.test").toCompletableFuture().get(10, TimeUnit.SECONDS).height()).isEqualTo(2);
        assertThat(kept).containsKeys(1L, 2L);
    }
}
