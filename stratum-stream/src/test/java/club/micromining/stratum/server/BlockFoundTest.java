package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.bitcoin.BlockHeader;
import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Sha256d;
import club.micromining.stratum.bitcoin.Target;
import club.micromining.stratum.client.MinerJob;
import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A share that meets the network target is a block: the chain takes it and every miner moves on. */
class BlockFoundTest {

    @Test
    void aBlockSolvingShareAdvancesTheChainAndAllConnectionsGetACleanJob() {
        try (TestPool pool = TestPool.start(Map.of(
                "micromining.embedded-chain.start-difficulty", "0.0001",
                "micromining.stratum.jobs.stale-grace", "0s"));
             StratumTestClient finder = pool.client().handshake("lucky.bitaxe");
             StratumTestClient other = pool.client().handshake("other.bitaxe")) {
            MinerJob before = finder.job;
            assertThat(pool.chain().status().height()).isEqualTo(1);

            Target network = Target.of(Difficulty.targetFromBits(before.bits()));
            String[] block = finder.mine(before, network, true, 0x00004000);
            JsonNode reply = finder.submit(block);
            assertThat(reply.get("result").asBoolean()).as("reply %s", reply).isTrue();

            byte[] solvedHash = blockHash(before, finder.extranonce1, block);
            for (StratumTestClient c : new StratumTestClient[] {finder, other}) {
                JsonNode notify = c.notification("mining.notify");
                assertThat(notify.get("params").get(8).asBoolean()).as("clean_jobs").isTrue();
                assertThat(notify.get("params").get(1).asText()).as("prevhash of the job after the block")
                        .isEqualTo(stratumPrevHash(solvedHash));
                c.job = MinerJob.fromNotify(notify.get("params"));
            }
            assertThat(finder.job.id()).isNotEqualTo(before.id());
            assertThat(pool.chain().status().tipHash()).isEqualTo(BlockHeader.displayHex(solvedHash));
            assertThat(pool.chain().status().height()).isEqualTo(2);
            assertThat(pool.chain().status().blocksFound()).isEqualTo(1);
            assertThat(pool.edge().stats().blockCandidates()).isEqualTo(1);
            AcceptedShare recorded = pool.shares().recent().stream().filter(AcceptedShare::block).findFirst().orElseThrow();
            assertThat(recorded.account()).isEqualTo("lucky");
            assertThat(recorded.height()).isEqualTo(1);

            // Work on the old block after the (zero) grace window is stale.
            String[] late = other.mine(before, Difficulty.target(other.difficulty), true, 0);
            JsonNode stale = other.submit(late);
            assertThat(stale.get("error").get(0).asInt()).isEqualTo(21);
            assertThat(stale.get("error").get(1).asText()).contains("Stale");

            assertThat(other.submitShare().get("result").asBoolean()).isTrue();
        }
    }

    /** The hash of the header a submit describes, as the miner computed it (internal byte order). */
    private static byte[] blockHash(MinerJob job, byte[] extranonce1, String[] submit) {
        HexFormat hex = HexFormat.of();
        int versionBits = Integer.parseUnsignedInt(submit[5], 16);
        byte[] header = job.headerWithoutNonce(extranonce1, hex.parseHex(submit[2]), job.version() ^ versionBits,
                Integer.parseUnsignedInt(submit[3], 16));
        BlockHeader.putLe(header, 76, Integer.parseUnsignedInt(submit[4], 16));
        return Sha256d.hash(header);
    }

    /** Stratum V1 sends prevhash as eight 4-byte words of the internal byte order, each word byte-swapped. */
    private static String stratumPrevHash(byte[] internalOrder) {
        StringBuilder sb = new StringBuilder(64);
        for (int w = 0; w < 32; w += 4) {
            for (int i = 3; i >= 0; i--) {
                sb.append(String.format("%02x", internalOrder[w + i]));
            }
        }
        return sb.toString();
    }

    @Test
    void sharesOnTheOldBlockAreStillTakenWithinTheGraceWindow() {
        try (TestPool pool = TestPool.start(Map.of(
                "micromining.embedded-chain.start-difficulty", "0.0001",
                "micromining.stratum.jobs.stale-grace", "1m"));
             StratumTestClient finder = pool.client().handshake("lucky.bitaxe");
             StratumTestClient other = pool.client().handshake("other.bitaxe")) {
            MinerJob before = other.job;
            String[] inFlight = other.mine(true, 0);
            String[] block = finder.mine(finder.job, Target.of(Difficulty.targetFromBits(before.bits())), true, 0);
            assertThat(finder.submit(block).get("result").asBoolean()).isTrue();
            other.nextJob();
            assertThat(other.submit(inFlight).get("result").asBoolean()).isTrue();
        }
    }
}
