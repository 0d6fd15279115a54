package club.micromining.stratum.testkit;

import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.share.ShareRecorder;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps accepted shares in memory: totals per worker and the most recent shares. It forgets everything
 * on restart: the recorder of the mining-edge tests, where the durable pool is not running.
 */
public final class InMemoryShareLog implements ShareRecorder {
    private final int keepRecent;
    private final ArrayDeque<AcceptedShare> recent = new ArrayDeque<>();
    private final Map<String, WorkerTotals> workers = new ConcurrentHashMap<>();

    public InMemoryShareLog(int keepRecent) {
        this.keepRecent = keepRecent;
    }

    /** Accepted shares and their summed credited difficulty for one {@code account.worker}. */
    public static final class WorkerTotals {
        private final LongAdder shares = new LongAdder();
        private final DoubleAdder difficulty = new DoubleAdder();

        public long shares() {
            return shares.sum();
        }

        public double difficulty() {
            return difficulty.sum();
        }
    }

    @Override
    public CompletionStage<Void> record(AcceptedShare share) {
        WorkerTotals totals = workers.computeIfAbsent(share.account() + "." + share.worker(), k -> new WorkerTotals());
        totals.shares.increment();
        totals.difficulty.add(share.difficulty());
        synchronized (recent) {
            recent.addLast(share);
            if (recent.size() > keepRecent) {
                recent.removeFirst();
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    public List<AcceptedShare> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    public Map<String, WorkerTotals> workers() {
        return Map.copyOf(workers);
    }
}
