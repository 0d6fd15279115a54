package club.micromining.stratum.bench;

import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.bitcoin.Target;
import club.micromining.stratum.job.CoinbaseLayout;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.job.JobFactory;
import club.micromining.stratum.share.ShareOutcome;
import club.micromining.stratum.share.ShareValidator;
import club.micromining.stratum.share.Submission;
import club.micromining.stratum.template.BlockTemplate;
import club.micromining.stratum.template.TemplateTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Share validations per second on one core: rebuild coinbase and merkle root, hash the header, compare
 * with the targets, for a template the size of a mainnet block (about 3 000 transactions, 12 branches).
 *
 * <p>Run: {@code mvn -q -pl stratum-stream -am -Pbench test-compile exec:exec}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ShareValidationBenchmark {
    @Param({"3000"})
    public int transactions;

    private Job job;
    private final byte[] extranonce1 = {0, 1, 2, 3, 4, 5, 6, 7};
    private final byte[] extranonce2 = new byte[4];
    private final Target shareTarget = Difficulty.target(1e-10);
    private int nonce;

    @Setup
    public void setUp() {
        Random random = new Random(42);
        List<TemplateTransaction> txs = new ArrayList<>(transactions);
        for (int i = 0; i < transactions; i++) {
            byte[] txid = new byte[32];
            random.nextBytes(txid);
            txs.add(new TemplateTransaction(new byte[0], txid, txid, 1000));
        }
        byte[] commitment = new byte[38];
        commitment[0] = 0x6a;
        BlockTemplate template = new BlockTemplate(900_000, new byte[32], 0x20000000, 0x17034219,
                (int) (System.currentTimeMillis() / 1000), 312_500_000L, txs, commitment, true);
        JobFactory factory = new JobFactory(new CoinbaseLayout(
                Network.MAINNET.outputScript("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
                "/MicroMining Social Pool/".getBytes(), 8, 4), 0x1fffe000);
        // 3 000 transactions and the coinbase: ceil(log2(3001)) = 12 merkle branches.
        job = factory.build("bench", template, System.nanoTime());
    }

    @Benchmark
    public ShareOutcome validate() {
        int n = nonce++;
        extranonce2[0] = (byte) (n >>> 24);
        return ShareValidator.validate(job, extranonce1, new Submission(extranonce2, job.ntime(), n, (n & 0xff) << 13),
                0x1fffe000, shareTarget);
    }
}
