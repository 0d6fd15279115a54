package club.micromining.stratum.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread with one selector that owns its connections: it reads their lines, runs their sessions, writes
 * their replies and keeps their clocks. Everything a connection does runs here, so a session needs no locks;
 * other threads (a share's recorder, the job broadcast) hand work over with {@link #execute}.
 */
final class EventLoop implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(EventLoop.class);
    /** How often the loop looks at its connections' clocks (ticks, handshake and idle allowances). */
    private static final long SWEEP_NANOS = 1_000_000_000L;
    /** How soon a connection paused for the node's in-flight bound looks again, if no wake-up reached it. */
    private static final long RETRY_NANOS = 100_000_000L;

    /** What a ready key is attached to. */
    interface Handler {
        void ready(SelectionKey key);
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Set<Connection> connections = new HashSet<>();
    private final List<Connection> waitingForRoom = new ArrayList<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    /** Shared by this loop's connections: a read lands here, and only an unfinished line is kept per connection. */
    final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;
    private long lastSweep = System.nanoTime();
    private long nextRetry = Long.MAX_VALUE;

    EventLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("no selector for the Stratum listener", e);
        }
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    private boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on this loop's thread, soon; never blocks the caller. */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop() && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    void opened(Connection c) {
        connections.add(c);
    }

    void closed(Connection c) {
        connections.remove(c);
    }

    /** The connection reads again within {@link #RETRY_NANOS}, in case the in-flight bound's wake-up went elsewhere. */
    void retryLater(Connection c) {
        waitingForRoom.add(c);
        nextRetry = Math.min(nextRetry, System.nanoTime() + RETRY_NANOS);
    }

    /** Asks every miner of this loop to connect again, and closes each connection once that is sent. */
    void reconnectAll() {
        for (Connection c : new ArrayList<>(connections)) {
            c.reconnectElsewhere();
        }
    }

    /** Closes every connection of this loop (each session ends as if the miner had hung up). */
    void closeAll(String reason) {
        for (Connection c : new ArrayList<>(connections)) {
            c.closeNow(reason);
        }
    }

    /** Ends the loop after closing its connections; completes when the thread is done. */
    CompletableFuture<Void> stop() {
        execute(() -> {
            closeAll("node stopping");
            running = false;
        });
        return stopped;
    }

    @Override
    public void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                long until = Math.min(lastSweep + SWEEP_NANOS, nextRetry);
                long waitMillis = Math.max(1, (until - now) / 1_000_000);
                if (tasks.isEmpty()) {
                    selector.select(this::dispatch, waitMillis);
                } else {
                    selector.selectNow(this::dispatch);
                }
                wakeupPending.set(false);
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    runSafely(task);
                }
                now = System.nanoTime();
                if (now >= nextRetry) {
                    retry();
                }
                if (now - lastSweep >= SWEEP_NANOS) {
                    sweep(now);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.error("The Stratum event loop {} failed; its connections are closed", thread.getName(), e);
            closeAll("node error");
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("Closing the selector of {}", thread.getName(), e);
            }
            stopped.complete(null);
        }
    }

    private void dispatch(SelectionKey key) {
        try {
            ((Handler) key.attachment()).ready(key);
        } catch (RuntimeException e) {
            // One connection's failure ends that connection only.
            log.warn("A Stratum connection failed: {}", e.toString(), e);
            if (key.attachment() instanceof Connection c) {
                c.closeNow("node error: " + e);
            }
        }
    }

    private void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            log.warn("A Stratum connection task failed: {}", e.toString(), e);
        }
    }

    private void retry() {
        nextRetry = Long.MAX_VALUE;
        List<Connection> again = new ArrayList<>(waitingForRoom);
        waitingForRoom.clear();
        for (Connection c : again) {
            c.retried();
        }
    }

    /**
     * Advances every connection's clocks. A sweep credits the miners' allowances with one interval at most:
     * a loop that was late was busy with the node's own work, and that time is not the miners'.
     */
    private void sweep(long now) {
        long credit = Math.min(now - lastSweep, SWEEP_NANOS);
        lastSweep = now;
        for (Connection c : new ArrayList<>(connections)) {
            c.sweep(now, credit);
        }
    }
}
