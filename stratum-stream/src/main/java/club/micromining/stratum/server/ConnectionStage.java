package club.micromining.stratum.server;

import club.micromining.stratum.job.Job;
import club.micromining.stratum.session.SessionContext;
import club.micromining.stratum.session.ThrottledLog;
import club.micromining.stratum.session.SessionIo;
import club.micromining.stratum.session.StratumSession;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.scaladsl.Framing;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.util.ByteStringBuilder;

/**
 * The stream stage of one connection: lines in, Stratum messages out. It drives a
 * {@link StratumSession} with each line, each new job and a periodic tick, and keeps the replies in
 * request order even when a share's reply waits for the share to be recorded. While too many replies
 * wait, it stops reading, so a slow recorder back-pressures the miner's socket.
 */
final class ConnectionStage extends GraphStage<FlowShape<ByteString, ByteString>> {
    private static final Duration TICK = Duration.ofSeconds(5);
    private static final String RETRY_PULL = "retry-pull";
    private static final Duration RETRY_PULL_AFTER = Duration.ofMillis(100);

    private final Inlet<ByteString> in = Inlet.create("stratum.in");
    private final Outlet<ByteString> out = Outlet.create("stratum.out");
    private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
    private final SessionContext ctx;
    private final String remote;
    private final int maxWaitingReplies;
    private final int maxQueuedMessages;
    private final ThrottledLog violations;

    ConnectionStage(SessionContext ctx, String remote, int maxWaitingReplies, int maxQueuedMessages, ThrottledLog violations) {
        this.ctx = ctx;
        this.remote = remote;
        this.maxWaitingReplies = maxWaitingReplies;
        this.maxQueuedMessages = maxQueuedMessages;
        this.violations = violations;
    }

    @Override
    public FlowShape<ByteString, ByteString> shape() {
        return shape;
    }

    @Override
    public GraphStageLogic createLogic(Attributes attributes) {
        return new Logic();
    }

    /** A reply that waits for something (a share being recorded) before it can go out. */
    private static final class Waiting {
        byte[] message;
    }

    private final class Logic extends TimerGraphStageLogic implements SessionIo {
        /** Messages to send in order: {@code byte[]} ready, {@link Waiting} not yet. */
        private final ArrayDeque<Object> queue = new ArrayDeque<>();
        private int waiting;
        private boolean closing;
        private String closeReason;
        private StratumSession session;
        private AutoCloseable jobSubscription;
        private AsyncCallback<Job> jobArrived;
        private AsyncCallback<Runnable> replyReady;
        private AsyncCallback<Boolean> roomFreed;

        Logic() {
            super(shape);
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    ByteString line = grab(in);
                    if (closing) {
                        return;
                    }
                    int length = line.size();
                    if (length > 0 && line.apply(length - 1) == '\r') {
                        length--;
                    }
                    if (length > 0) {
                        session.onLine(line.slice(0, length).toArray(), System.nanoTime());
                    }
                    flush();
                    pullIfReady();
                }

                @Override
                public void onUpstreamFinish() {
                    finish("closed by the miner");
                }

                @Override
                public void onUpstreamFailure(Throwable ex) {
                    if (ex instanceof Framing.FramingException) {
                        violation("sent a line longer than the limit without a newline");
                    } else {
                        finish("connection error: " + ex.getMessage());
                    }
                }
            });
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    flush();
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    if (closeReason == null) {
                        closeReason = "connection closed";
                    }
                    completeStage();
                }
            });
        }

        @Override
        public void preStart() {
            jobArrived = createAsyncCallback(job -> {
                session.onJob(job, System.nanoTime());
                flush();
            });
            replyReady = createAsyncCallback(Runnable::run);
            roomFreed = createAsyncCallback(woken -> {
                cancelTimer(RETRY_PULL);
                pullIfReady();
            });
            session = new StratumSession(ctx, this, remote, System.nanoTime());
            jobSubscription = ctx.jobs().subscribe(jobArrived::invoke);
            scheduleWithFixedDelay("tick", TICK, TICK);
            pullIfReady();
        }

        @Override
        public void onTimer(Object key) {
            if (key == RETRY_PULL) {
                pullIfReady();
                return;
            }
            session.onTick(System.nanoTime());
            flush();
        }

        @Override
        public void postStop() {
            try {
                jobSubscription.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            session.onClosed(closeReason == null ? "connection closed" : closeReason);
        }

        @Override
        public void send(byte[] message) {
            if (closing) {
                return;
            }
            if (queue.size() >= maxQueuedMessages) {
                violation("does not read what the pool sends");
                return;
            }
            queue.addLast(message);
            flush();
        }

        @Override
        public <T> void sendWhenDone(CompletionStage<T> pending, BiFunction<T, Throwable, byte[]> reply) {
            Waiting slot = new Waiting();
            queue.addLast(slot);
            waiting++;
            pending.whenComplete((value, failure) -> replyReady.invoke(() -> {
                slot.message = reply.apply(value, failure);
                waiting--;
                flush();
                pullIfReady();
            }));
        }

        @Override
        public void close(String reason) {
            violation(reason);
        }

        private void violation(String reason) {
            violations.warn("Closing connection from {}: {}", remote, reason);
            finish(reason);
        }

        private void finish(String reason) {
            if (closeReason == null) {
                closeReason = reason;
            }
            closing = true;
            flush();
        }

        private byte[] ready(Object queued) {
            return queued == null ? null : queued instanceof byte[] b ? b : ((Waiting) queued).message;
        }

        private void pullIfReady() {
            if (closing || waiting >= maxWaitingReplies || hasBeenPulled(in) || isClosed(in)) {
                return;
            }
            if (ctx.inFlight().hasRoom()) {
                pull(in);
            } else if (!isTimerActive(RETRY_PULL)) {
                // Woken when a share completes; the timer covers a wake-up that went to a closed connection.
                ctx.inFlight().whenRoom(() -> roomFreed.invoke(Boolean.TRUE));
                scheduleOnce(RETRY_PULL, RETRY_PULL_AFTER);
            }
        }

        /** Sends every ready message at the head of the queue as one write. */
        private void flush() {
            if (isAvailable(out)) {
                byte[] first = ready(queue.peekFirst());
                if (first != null) {
                    queue.removeFirst();
                    byte[] next = ready(queue.peekFirst());
                    if (next == null) {
                        // Messages are never modified once queued (job notifies are shared by all connections).
                        push(out, ByteString.fromArrayUnsafe(first));
                    } else {
                        ByteStringBuilder batch = new ByteStringBuilder();
                        batch.putBytes(first);
                        while (next != null) {
                            queue.removeFirst();
                            batch.putBytes(next);
                            next = ready(queue.peekFirst());
                        }
                        push(out, batch.result());
                    }
                }
            }
            if (closing && waiting == 0 && queue.isEmpty()) {
                completeStage();
            }
        }
    }
}
