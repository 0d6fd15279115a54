package club.micromining.pool.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.pool.SingleNodeCluster;
import club.micromining.stratum.bitcoin.Network;
import club.micromining.stratum.job.CoinbaseLayout;
import club.micromining.stratum.job.Job;
import club.micromining.stratum.job.JobFactory;
import club.micromining.stratum.job.LocalJobOrigin;
import club.micromining.stratum.job.RestartSafeCounter;
import club.micromining.stratum.share.ShareOutcome;
import club.micromining.stratum.share.ShareValidator;
import club.micromining.stratum.share.Submission;
import club.micromining.stratum.template.BlockResult;
import club.micromining.stratum.template.EmbeddedChain;
import club.micromining.stratum.template.EmbeddedChainSettings;
import club.micromining.stratum.template.RecoveredBlock;
import club.micromining.stratum.template.SolvedBlock;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's job source on a cluster of one, with every message serialized as it would be between nodes:
 * a node takes its jobs from the source without their transactions, and a block solved on such a job is put
 * together by the source with them (the embedded chain checks the merkle root against its transactions).
 */
class JobSourceTest {
    private static final byte[] EN1 = {0, 0, 0, 1, 0, 0, 0, 2};
    private ActorTestKit kit;
    private ClusterJobOrigin origin;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        kit = ActorTestKit.create(ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.actor.serialize-messages = on
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                """).withFallback(ConfigFactory.load()));
        SingleNodeCluster.join(kit.system());
        JobFactory factory = new JobFactory(new CoinbaseLayout(
                Network.REGTEST.outputScript("bcrt1qdnzp36skyqxssezd9xy34su8qtva8lwkmeehd9"), new byte[] {'t'}, 8, 4), 0x1fffe000);
        var source = JobSource.init(kit.system(), () -> new LocalJobOrigin(new EmbeddedChain(
                new EmbeddedChainSettings(1e-5, 1e-8, Duration.ofSeconds(1), 40, Duration.ofHours(1))), factory,
                RestartSafeCounter.fromClock()), (RecoveredBlock r) -> { });
        origin = new ClusterJobOrigin(kit.system(), source, Duration.ofSeconds(5));
        origin.start(jobs::add, r -> { });
    }

    @AfterEach
    void stop() {
        origin.close();
        kit.shutdownTestKit();
    }

    private Job next() throws InterruptedException {
        Job job = jobs.poll(20, TimeUnit.SECONDS);
        assertThat(job).as("a job arrived from the source").isNotNull();
        return job;
    }

    private static SolvedBlock solve(Job job) {
        byte[] en2 = {1, 0, 0, 0};
        for (int nonce = 0; ; nonce++) {
            ShareOutcome o = ShareValidator.validate(job, EN1, new Submission(en2, job.ntime(), nonce, 0), 0, job.networkTarget());
            if (o instanceof ShareOutcome.Accepted a && a.block()) {
                return job.solvedBlock(a.header(), EN1, en2);
            }
        }
    }

    @Test
    void aBlockSolvedOnAJobWithoutItsTransactionsIsPutTogetherByTheSourceAndAccepted() throws Exception {
        Job first = next();
        assertThat(first.height()).isEqualTo(1);
        assertThat(first.template().transactions()).as("jobs cross the cluster without transactions").isEmpty();
        assertThat(origin.verified().toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
        assertThat(origin.ready()).isTrue();

        BlockResult result = origin.submitBlock(first, solve(first), "finder.rig").toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(result.accepted()).as(String.valueOf(result.reason())).isTrue();
        assertThat(result.height()).isEqualTo(1);
        Job second = next();
        assertThat(second.height()).isEqualTo(2);
        assertThat(second.cleanJobs()).isTrue();
        assertThat(Long.parseUnsignedLong(second.id(), 16)).isGreaterThan(Long.parseUnsignedLong(first.id(), 16));
        assertThat(origin.blockHash(1).toCompletableFuture().get(10, TimeUnit.SECONDS)).contains(result.blockHash());
        assertThat(jobs.poll(2, TimeUnit.SECONDS)).as("each job once, from the topic and the polls together").isNull();
    }

    @Test
    void aBlockOnAJobTheSourceDoesNotHaveIsReportedNotSubmitted() throws Exception {
        Job first = next();
        Job unknown = Job.of(new club.micromining.stratum.job.PublishedJob("ffff", first.published().header(), first.version(),
                first.published().coinb1(), first.published().coinb2(), first.published().branch(), 4), System.nanoTime());

        assertThatThrownBy(() -> origin.submitBlock(unknown, solve(unknown), "finder.rig").toCompletableFuture()
                .get(20, TimeUnit.SECONDS)).hasMessageContaining("no longer has job ffff");
    }
}
