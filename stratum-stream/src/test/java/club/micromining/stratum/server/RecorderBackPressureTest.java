package club.micromining.stratum.server;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.share.DuplicateShareException;
import club.micromining.stratum.share.Rejection;
import club.micromining.stratum.share.ShareRecorder;
import club.micromining.stratum.testkit.StratumTestClient;
import club.micromining.stratum.testkit.TestPool;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A slow recorder (journal) slows the miners down instead of queueing without bound: no more shares
 * wait for it than the node-wide limit, replies keep their order, a failed write is never {@code true},
 * and connections that close while their shares are being written give their places back.
 */
class RecorderBackPressureTest {

    /** Completes every share after a delay, failing those whose nonce ends in f; counts how many wait at once. */
    static final class SlowRecorder implements ShareRecorder {
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger mostWaiting = new AtomicInteger();
        final AtomicInteger recorded = new AtomicInteger();

        @Override
        public CompletionStage<Void> record(AcceptedShare share) {
            mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS).execute(() -> {
                waiting.decrementAndGet();
                if ((share.nonce() & 0xf) == 0xf) {
                    done.completeExceptionally(new IllegalStateException("journal write failed"));
                } else {
                    recorded.incrementAndGet();
                    done.complete(null);
                }
            });
            return done;
        }
    }

    @Test
    void aSlowJournalBoundsWhatWaitsAndFailuresAreNeverTrue() throws Exception {
        SlowRecorder recorder = new SlowRecorder();
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.limits.max-in-flight-shares", "4"), recorder);
             StratumTestClient a = pool.client().handshake("slow.a");
             StratumTestClient b = pool.client().handshake("slow.b")) {
            List<String[]> sharesA = new ArrayList<>();
            List<Integer> idsA = new ArrayList<>();
            List<Integer> idsB = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String[] s = a.mine(true, 0);
                sharesA.add(s);
                idsA.add(a.request("mining.submit", (Object[]) s));
                idsB.add(b.request("mining.submit", (Object[]) b.mine(true, 0)));
            }
            int trueReplies = 0;
            for (int i = 0; i < idsA.size(); i++) {
                JsonNode reply = a.reply(idsA.get(i));
                boolean failedWrite = sharesA.get(i)[4].endsWith("f");
                assertThat(reply.get("result").asBoolean()).as("share %d", i).isEqualTo(!failedWrite);
                if (failedWrite) {
                    assertThat(reply.get("error").get(0).asInt()).isEqualTo(20);
                } else {
                    trueReplies++;
                }
            }
            for (int id : idsB) {
                b.reply(id);
            }
            // The limit is checked before each read, so each of the two connections may add one share to it.
            assertThat(recorder.mostWaiting.get()).isLessThanOrEqualTo(4 + 2);
            assertThat(trueReplies).isPositive();
            // Replies came back in request order.
            List<Integer> order = a.received().stream().filter(m -> m.path("id").asInt() >= idsA.get(0))
                    .map(m -> m.path("id").asInt()).toList();
            assertThat(order).isSorted();
        }
    }

    @Test
    void connectionsThatCloseWhileTheirSharesAreWrittenGiveTheirPlacesBack() throws Exception {
        SlowRecorder recorder = new SlowRecorder();
        try (TestPool pool = TestPool.start(Map.of("micromining.stratum.limits.max-in-flight-shares", "4"), recorder)) {
            for (int c = 0; c < 5; c++) {
                try (StratumTestClient quitter = pool.client().handshake("quit.w" + c)) {
                    for (int i = 0; i < 4; i++) {
                        quitter.request("mining.submit", (Object[]) quitter.mine(true, 0));
                    }
                }
            }
            Thread.sleep(500);
            try (StratumTestClient later = pool.client().handshake("later.w")) {
                String[] share = later.mine(true, 0);
                while (share[4].endsWith("f")) {
                    share = later.mine(true, 0);
                }
                assertThat(later.submit(share).get("result").asBoolean()).isTrue();
            }
        }
    }

    @Test
    void aShareTheJournalAlreadyHoldsIsAnsweredAsADuplicate() throws Exception {
        // As after a timeout: the write went through, the miner was told to resubmit, and did.
        ShareRecorder holdsEverything = share -> CompletableFuture.failedFuture(
                new java.util.concurrent.CompletionException(new DuplicateShareException("already recorded")));
        try (TestPool pool = TestPool.start(Map.of(), holdsEverything);
             StratumTestClient miner = pool.client().handshake("again.w")) {
            JsonNode reply = miner.submit(miner.mine(true, 0));
            assertThat(reply.get("error").get(0).asInt()).isEqualTo(22);
            assertThat(pool.edge().stats().rejected(Rejection.DUPLICATE)).isEqualTo(1);
            assertThat(pool.edge().stats().rejected(Rejection.NOT_RECORDED)).isZero();
        }
    }
}
