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
import club.micromining.stratum.job.JobArchive;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster's job source on a cluster of one, with every message serialized as it would be between nodes:
 * a node takes its jobs from the source without their transactions, and a block solved on such a job is put
 * together by the source with them (the embedded chain checks the merkle root against its transactions), also
 * when an earlier run of the source made the job and the archive kept it.
 */
class JobSourceTest {
    private static final byte[] EN1 = {0, 0, 0, 1, 0, 0, 0, 2};
    private ActorTestKit kit;
    private ClusterJobOrigin origin;
    private final LinkedBlockingQueue<Job> jobs = new LinkedBlockingQueue<>();

    /** The archive in the database, as every run of the source on any node sees it. */
    private final Map<String, Job> archived = new ConcurrentHashMap<>();
    private final JobArchive archive = new JobArchive() {
        @Override
        public void keep(Job job) {
            archived.put(job.id(), job);
        }

        @Override
        public Optional<Job> find(String jobId) {
            return Optional.ofNullable(archived.get(jobId));
        }

        @Override
        public OptionalLong lastId() {
            return archived.keySet().stream().mapToLong(id -> Long.parseUnsignedLong(id, 16)).max();
        }
    };

    @BeforeEach
    void start() {
        startSource();
    }

    /** A run of the source (a node's start, or the node that takes the singleton over) with a node following it. */
    private void startSource() {
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
                RestartSafeCounter.fromClockAfter(archive.lastId())), archive, (RecoveredBlock r) -> { });
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

    private void awaitKept(Job job) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!archived.containsKey(job.id())) {
            assertThat(System.nanoTime()).as("job %s kept in the archive", job.id()).isLessThan(deadline);
            Thread.sleep(20);
        }
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
    void aBlockOnAJobAnEarlierRunOfTheSourceMadeIsPutTogetherFromTheArchive() throws Exception {
        Job first = next();
        awaitKept(first);
        stop();
        jobs.clear();
        startSource();
        Job second = next();
        assertThat(Long.parseUnsignedLong(second.id(), 16)).as("numbered after the earlier run's jobs, in the same second too")
                .isGreaterThan(Long.parseUnsignedLong(first.id(), 16));

        // The connections went on mining the first run's job: a block on it still reaches the chain, whole.
        BlockResult result = origin.submitBlock(first, solve(first), "finder.rig").toCompletableFuture().get(20, TimeUnit.SECONDS);

        assertThat(result.accepted()).as(String.valueOf(result.reason())).isTrue();
        assertThat(result.height()).isEqualTo(1);
    }

    @Test
    void aKeptJobThatIsNotTheOneTheBlockWasFoundOnIsNotUsed() throws Exception {
        Job first = next();
        awaitKept(first);
        // Another job under the same id (another node's clock): its coinbase is not the one the block's header commits to.
        Job other = new JobFactory(new CoinbaseLayout(Network.REGTEST.outputScript("bcrt1qdnzp36skyqxssezd9xy34su8qtva8lwkmeehd9"),
                new byte[] {'o'}, 8, 4), 0x1fffe000).build("fffe", first.template(), System.nanoTime());
        archived.put("fffe", first);
        Job unknown = Job.of(other.published(), System.nanoTime());

        assertThatThrownBy(() -> origin.submitBlock(unknown, solve(unknown), "finder.rig").toCompletableFuture()
                .get(20, TimeUnit.SECONDS)).hasMessageContaining("no longer has job fffe");
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
