package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.client.MinerJob;
import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A retarget never rejects honest work in flight, and a new difficulty comes with a new job. */
class DifficultyChangeTest {
    private static TestPool pool;

    @BeforeAll
    static void start() {
        pool = TestPool.start(Map.of(
                "micromining.stratum.difficulty.min", "1e-8",
                "micromining.stratum.difficulty.start", "1e-6",
                "micromining.stratum.difficulty.max", "1"));
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void workSentAtTheOldDifficultyIsJudgedAtIt() {
        try (StratumTestClient c = pool.client().handshake("retarget.rig")) {
            MinerJob oldJob = c.job;
            String[] easy = c.mine(oldJob, Difficulty.target(1e-6), true, 0);
            String[] strong = c.mine(oldJob, Difficulty.target(1e-5), true, 0);

            assertThat(c.call("mining.suggest_difficulty", 1e-5).get("result").asBoolean()).isTrue();
            JsonNode diff = c.notification("mining.set_difficulty");
            assertThat(diff.get("params").get(0).asDouble()).isEqualTo(1e-5);
            JsonNode notify = c.notification("mining.notify");
            assertThat(notify.get("params").get(8).asBoolean()).as("same block, not clean").isFalse();
            MinerJob newJob = MinerJob.fromNotify(notify.get("params"));
            assertThat(newJob.id()).isNotEqualTo(oldJob.id());

            // In flight on the old job: judged at the difficulty that job was sent with.
            assertThat(c.submit(easy).get("result").asBoolean()).isTrue();
            assertThat(c.submit(strong).get("result").asBoolean()).isTrue();
            // The same work under the job's new name is the same header: it must not be credited twice.
            String[] sameWorkNewName = strong.clone();
            sameWorkNewName[1] = newJob.id();
            assertThat(c.submit(sameWorkNewName).get("error").get(0).asInt()).isEqualTo(22);

            // On the new job the new difficulty applies.
            String[] tooEasy = c.mine(newJob, Difficulty.target(1e-6), true, 0);
            boolean meetsNew = false;
            while (!meetsNew) {
                JsonNode r = c.submit(tooEasy);
                if (r.get("result").asBoolean()) {
                    tooEasy = c.mine(newJob, Difficulty.target(1e-6), true, 0);
                    continue;
                }
                assertThat(r.get("error").get(0).asInt()).isEqualTo(23);
                meetsNew = true;
            }
        }
    }

    @Test
    void aLowerDifficultyAppliesAtOnceToWorkInFlight() {
        try (StratumTestClient c = pool.client().handshake("lower.rig")) {
            MinerJob job = c.job;
            c.call("mining.suggest_difficulty", 1e-7);
            c.nextDifficultyAndJob();
            assertThat(c.difficulty).isEqualTo(1e-7);
            String[] share = c.mine(job, Difficulty.target(1e-7), true, 0);
            assertThat(c.submit(share).get("result").asBoolean()).isTrue();
        }
    }

    @Test
    void minimumDifficultyFromConfigureIsHonoured() {
        try (StratumTestClient c = pool.client()) {
            JsonNode conf = c.call("mining.configure", List.of("minimum-difficulty"), Map.of("minimum-difficulty.value", 0.0001));
            assertThat(conf.get("result").get("minimum-difficulty").asBoolean()).isTrue();
            c.call("mining.subscribe");
            assertThat(c.notification("mining.set_difficulty").get("params").get(0).asDouble()).isEqualTo(0.0001);
            c.call("mining.suggest_difficulty", 1e-7);
            assertThat(c.received().stream().filter(m -> m.path("method").asText().equals("mining.set_difficulty")))
                    .hasSize(1);
        }
    }

    @Test
    void vardiffRaisesTheDifficultyOfAFastDevice() {
        try (StratumTestClient c = pool.client().handshake("fast.rig")) {
            JsonNode raised = null;
            for (int i = 0; i < 40 && raised == null; i++) {
                assertThat(c.submitShare().get("result").asBoolean()).isTrue();
                raised = c.received().stream()
                        .filter(m -> m.path("method").asText().equals("mining.set_difficulty"))
                        .skip(1).findFirst().orElse(null);
            }
            assertThat(raised).as("a second set_difficulty").isNotNull();
            assertThat(raised.get("params").get(0).asDouble()).isEqualTo(4e-6);
        }
    }
}
