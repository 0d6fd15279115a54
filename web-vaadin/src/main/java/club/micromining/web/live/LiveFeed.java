package club.micromining.web.live;

import club.micromining.pool.view.FundingGoalView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.PoolView;
import club.micromining.pool.view.RecentShareView;
import club.micromining.web.port.ClubPort;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One refresh for every open page: at most once an interval, and only while some page listens, the pool's
 * figures are read once and handed to every subscribed page, which pushes them to its browser. A hundred
 * open dashboards cost the read side one query a second; their pushes take one thread, paced over the second.
 */
public final class LiveFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    /** The 24-hour chart and the funding goal change slowly: read every so many ticks. */
    private static final int HISTORY_EVERY = 30;
    private static final int GOAL_EVERY = 10;
    private static final long WARN_EVERY_MILLIS = 60_000;

    /**
     * What every live page may show.
     *
     * @param tick counts refreshes, for pages that read their own figures every few of them
     */
    public record Snapshot(PoolView pool, HistoryView history, FundingGoalView goal, List<RecentShareView> shares, long tick) {
    }

    private final ClubPort port;
    private final ScheduledExecutorService timer;
    private final ScheduledExecutorService fanOut;
    private final long spreadMillis;
    private final Set<Consumer<Snapshot>> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile Snapshot last;
    private long tick;
    private long warnedAt;

    public LiveFeed(ClubPort port, Duration interval) {
        this.port = port;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("web-live-feed"));
        // One thread, and the pages' updates spread over most of the interval: a hundred pages pushed at
        // once took both cores for a moment each second, and the miners' answers waited behind them.
        this.fanOut = Executors.newSingleThreadScheduledExecutor(daemon("web-live-push"));
        this.spreadMillis = interval.toMillis() * 3 / 4;
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Hears every refresh (and the last one at once) until the returned handle is run; called off the UI thread. */
    public Runnable subscribe(Consumer<Snapshot> listener) {
        listeners.add(listener);
        Snapshot s = last;
        if (s != null) {
            fanOut.execute(() -> deliver(listener, s));
        }
        return () -> listeners.remove(listener);
    }

    public int listeners() {
        return listeners.size();
    }

    private void refresh() {
        if (listeners.isEmpty() || !reading.compareAndSet(false, true)) {
            return;
        }
        long n = tick++;
        Snapshot before = last;
        CompletableFuture<PoolView> pool = port.summary().toCompletableFuture();
        CompletableFuture<HistoryView> history = before == null || n % HISTORY_EVERY == 0
                ? port.poolHistory().toCompletableFuture() : CompletableFuture.completedFuture(before.history());
        CompletableFuture<FundingGoalView> goal = before == null || n % GOAL_EVERY == 0
                ? port.fundingGoal().toCompletableFuture() : CompletableFuture.completedFuture(before.goal());
        CompletableFuture.allOf(pool, history, goal).whenComplete((v, error) -> {
            try {
                if (error != null) {
                    warn(error);
                    return;
                }
                Snapshot s = new Snapshot(pool.join(), history.join(), goal.join(), port.recentShares(20), n);
                last = s;
                List<Consumer<Snapshot>> pages = List.copyOf(listeners);
                for (int i = 0; i < pages.size(); i++) {
                    Consumer<Snapshot> l = pages.get(i);
                    fanOut.schedule(() -> deliver(l, s), i * spreadMillis / pages.size(), TimeUnit.MILLISECONDS);
                }
            } finally {
                reading.set(false);
            }
        });
    }

    private static void deliver(Consumer<Snapshot> listener, Snapshot s) {
        try {
            listener.accept(s);
        } catch (RuntimeException e) {
            log.debug("A page could not take a live update: {}", e.toString());
        }
    }

    private synchronized void warn(Throwable error) {
        long now = System.currentTimeMillis();
        if (now - warnedAt > WARN_EVERY_MILLIS) {
            warnedAt = now;
            log.warn("Live pages could not be refreshed: {}", error.getCause() == null ? error : error.getCause());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        fanOut.shutdownNow();
    }
}
