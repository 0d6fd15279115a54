package club.micromining.stratum.template;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Network;
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
        BlockResult result = chain.submitBlock(solved).toCompletableFuture().get(10, TimeUnit.SECONDS);

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

        BlockResult again = chain.submitBlock(solved).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(again.accepted()).isFalse();
        assertThat(again.reason()).isEqualTo("duplicate");
    }

    @Test
    void refusesBlocksThatDoNotCheckOut() throws Exception {
        start(1e-5, 3, Duration.ofHours(1));
        BlockTemplate t = next();
        Job job = factory.build("1", t, System.nanoTime());
        SolvedBlock good = solve(job, 2);

        byte[] badHeader = good.header().clone();
        badHeader[76] ^= 1;
        badHeader[77] ^= 1;
        SolvedBlock highHash = new SolvedBlock(t, badHeader, good.coinbase());
        assertThat(chain.submitBlock(highHash).toCompletableFuture().get().reason()).isIn("high-hash", "bad-txnmrklroot");

        byte[] otherCoinbase = job.coinbase(EN1, new byte[] {7, 7, 7, 7});
        SolvedBlock wrongRoot = new SolvedBlock(t, good.header(), otherCoinbase);
        assertThat(chain.submitBlock(wrongRoot).toCompletableFuture().get().reason()).isEqualTo("bad-txnmrklroot");

        BlockTemplate greedy = new BlockTemplate(t.height(), t.prevHash(), t.version(), t.bits(), t.curtime(),
                t.coinbaseValue() + 1, t.transactions(), t.witnessCommitment(), true);
        Job greedyJob = factory.build("2", greedy, System.nanoTime());
        SolvedBlock overpaid = solve(greedyJob, 3);
        BlockResult result = chain.submitBlock(new SolvedBlock(t, overpaid.header(), overpaid.coinbase()))
                .toCompletableFuture().get();
        assertThat(result.reason()).isEqualTo("bad-cb-amount");

        assertThat(chain.submitBlock(good).toCompletableFuture().get().accepted()).isTrue();
        assertThat(chain.submitBlock(solve(job, 4)).toCompletableFuture().get().reason()).isEqualTo("bad-prevblk");
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
}
