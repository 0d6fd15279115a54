package club.micromining.pool.shares;

import club.micromining.common.concurrent.Failures;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.device.ShareRecord;
import club.micromining.stratum.session.WorkerName;
import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.share.DuplicateShareException;
import club.micromining.stratum.share.ShareRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * The durable end of the share path: an accepted share goes to its device entity with {@code ask}, and
 * the miner's {@code true} waits for the entity's confirmation that the event is in the journal. A
 * persist failure, or no answer after a second ask, fails the stage, which the session answers with an error,
 * never with {@code true}. What the share earns when accepted is the payment scheme's to say; it is split here and
 * recorded with it.
 *
 * <p>Group commit per device: while a device's write is in flight, its next shares wait here and then
 * go to the entity together, as one write ({@link DeviceEntity.RecordShares}), so a fast device is not
 * held to one write at a time. Each share is answered after the write that holds its event; a write that
 * failed, and failed again when asked once more, fails exactly its shares.
 */
public final class DurableShareRecorder implements ShareRecorder, ShareWriteLag, io.micrometer.core.instrument.binder.MeterBinder {
    /**
     * Runs a batch's answers on the thread that completed the ask. The stage Pekko's ask returns (Scala's
     * CompletableFuture) makes every plain callback an async one on the JDK's default executor, which on a
     * machine of two cores is a new thread per callback: a thread started and ended for every batch.
     */
    private static final java.util.concurrent.Executor IN_PLACE = Runnable::run;
    /** Shares of one device in one write, at most. */
    static final int MAX_BATCH = 64;
    /** How long a write's time counts for {@link #nanos()}: a window this long, and the one before it. */
    private static final long LAG_WINDOW_NANOS = 250_000_000L;

    private final ClusterSharding sharding;
    private final Duration timeout;
    private final Split split;
    private final PaymentScheme scheme;
    private final ConcurrentHashMap<String, DeviceQueue> queues = new ConcurrentHashMap<>();
    private volatile io.micrometer.core.instrument.Timer persist;
    // The lag's bookkeeping: a heuristic for the read side, not an account, so its races only blur it a little.
    private final java.util.concurrent.atomic.AtomicInteger asking = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long lastAnsweredAt = System.nanoTime();
    private volatile long windowStart = System.nanoTime() - 3 * LAG_WINDOW_NANOS;
    private volatile long windowMax;
    private volatile long previousMax;

    private record Pending(ShareRecord share, CompletableFuture<Void> answer) {
    }

    /** One device's shares waiting for its write in flight; guarded by itself. */
    private static final class DeviceQueue {
        final String deviceId;
        List<Pending> waiting = new ArrayList<>();
        boolean writing;
        boolean retired;

        DeviceQueue(String deviceId) {
            this.deviceId = deviceId;
        }
    }

    public DurableShareRecorder(ActorSystem<?> system, Duration timeout, Split split, PaymentScheme scheme) {
        this.sharding = ClusterSharding.get(system);
        this.timeout = timeout;
        this.split = split;
        this.scheme = scheme;
    }

    /** The time from a batch's ask to the device entity's answer: the journal's write, as the share path sees it. */
    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        persist = io.micrometer.core.instrument.Timer.builder("micromining.journal.persist")
                .description("A device's batch of shares from its ask to the entity's answer (written to the journal)")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100),
                        Duration.ofMillis(500), Duration.ofSeconds(1))
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("micromining.journal.writing.devices", queues, ConcurrentHashMap::size)
                .description("Devices with a batch of shares being written or waiting").register(registry);
    }

    @Override
    public CompletionStage<Void> record(AcceptedShare s) {
        long accrual = scheme.shareAccrualMsat(s);
        ShareRecord share = new ShareRecord(s.jobId(), s.extranonce1(), s.extranonce2(), s.ntime(), s.nonce(), s.version(),
                s.difficulty(), s.hashDifficulty(), s.height(), s.block(), accrual,
                accrual == 0 ? Split.Parts.NONE : split.apply(accrual), s.acceptedAtMillis());
        Pending pending = new Pending(share, new CompletableFuture<>());
        String deviceId = new WorkerName(s.account(), s.worker()).deviceId();
        while (true) {
            DeviceQueue q = queues.computeIfAbsent(deviceId, DeviceQueue::new);
            List<Pending> batch = null;
            synchronized (q) {
                if (q.retired) {
                    continue;
                }
                q.waiting.add(pending);
                if (!q.writing) {
                    q.writing = true;
                    batch = take(q);
                }
            }
            if (batch != null) {
                write(q, batch);
            }
            return pending.answer();
        }
    }

    private static List<Pending> take(DeviceQueue q) {
        if (q.waiting.size() <= MAX_BATCH) {
            List<Pending> batch = q.waiting;
            q.waiting = new ArrayList<>();
            return batch;
        }
        List<Pending> batch = new ArrayList<>(q.waiting.subList(0, MAX_BATCH));
        q.waiting = new ArrayList<>(q.waiting.subList(MAX_BATCH, q.waiting.size()));
        return batch;
    }

    private void write(DeviceQueue q, List<Pending> batch) {
        List<ShareRecord> shares = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            shares.add(p.share());
        }
        ask(q, batch, shares, false);
    }

    /**
     * Asks the device's entity to record the batch. An answer that does not come in time is asked once more with
     * the same shares: a journal slower than the timeout (a fresh node's first minute) is not a failing one, and
     * the entity, which takes commands only after its write in flight, then finds the shares it wrote held and
     * writes the rest. Only what is still not answered, or still fails, is answered with an error.
     *
     * @param again whether this is that second ask: a share the entity already holds was written by the first
     */
    private void ask(DeviceQueue q, List<Pending> batch, List<ShareRecord> shares, boolean again) {
        long asked = System.nanoTime();
        if (asking.getAndIncrement() == 0) {
            lastAnsweredAt = asked;
        }
        sharding.entityRefFor(DeviceEntity.TYPE_KEY, q.deviceId)
                .<DeviceEntity.SharesRecorded>ask(replyTo -> new DeviceEntity.RecordShares(shares, replyTo), timeout)
                .whenCompleteAsync((recorded, failure) -> {
                    answered(asked);
                    if (failure != null && !again && Failures.unwrap(failure) instanceof TimeoutException) {
                        ask(q, batch, shares, true);
                        return;
                    }
                    io.micrometer.core.instrument.Timer t = persist;
                    if (t != null && failure == null && !again) {
                        t.record(System.nanoTime() - asked, java.util.concurrent.TimeUnit.NANOSECONDS);
                    }
                    for (int i = 0; i < batch.size(); i++) {
                        CompletableFuture<Void> answer = batch.get(i).answer();
                        if (failure != null) {
                            answer.completeExceptionally(failure);
                        } else if (recorded.outcomes().get(i) == DeviceEntity.Recorded.DUPLICATE && !again) {
                            answer.completeExceptionally(new DuplicateShareException("duplicate share " + shares.get(i).identity()));
                        } else {
                            answer.complete(null);
                        }
                    }
                    next(q);
                }, IN_PLACE);
    }

    private void answered(long askedAt) {
        long now = System.nanoTime();
        long took = now - askedAt;
        long start = windowStart;
        if (now - start > LAG_WINDOW_NANOS) {
            previousMax = now - start > 2 * LAG_WINDOW_NANOS ? 0 : windowMax;
            windowMax = took;
            windowStart = now;
        } else if (took > windowMax) {
            windowMax = took;
        }
        lastAnsweredAt = now;
        asking.decrementAndGet();
    }

    @Override
    public long nanos() {
        long now = System.nanoTime();
        long since = now - windowStart;
        long recent = since > 2 * LAG_WINDOW_NANOS ? 0 : since > LAG_WINDOW_NANOS ? windowMax : Math.max(windowMax, previousMax);
        long waiting = asking.get() > 0 ? now - lastAnsweredAt : 0;
        return Math.max(recent, waiting);
    }

    /** The device's next write, if shares came meanwhile; else the queue goes, so idle devices cost nothing. */
    private void next(DeviceQueue q) {
        List<Pending> batch;
        synchronized (q) {
            if (q.waiting.isEmpty()) {
                q.writing = false;
                q.retired = true;
                queues.remove(q.deviceId, q);
                return;
            }
            batch = take(q);
        }
        write(q, batch);
    }
}
