package club.micromining.stratum.server;

import club.micromining.stratum.job.Job;
import club.micromining.stratum.session.SessionContext;
import club.micromining.stratum.session.SessionIo;
import club.micromining.stratum.session.StratumSession;
import club.micromining.stratum.session.ThrottledLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * One miner's TCP connection on its {@link EventLoop}: lines in, Stratum messages out. It drives a
 * {@link StratumSession} with each line, each new job and a periodic tick, and keeps the replies in request
 * order even when a share's reply waits for the share to be recorded. While too many replies wait, or the
 * node's in-flight bound is full, it stops reading, so a slow recorder back-pressures the miner's socket.
 *
 * <p>The session's handshake and idle allowances run on {@link #waitedNanos()}: time in which this connection
 * was ready to read and the miner had sent nothing more. Time the node spends on its own queues (reads paused,
 * lines not yet handled, a late loop) is not counted against the miner.
 */
final class Connection implements SessionIo, EventLoop.Handler {
    private static final long TICK_NANOS = 5_000_000_000L;
    private static final int MIN_INPUT = 512;

    /** A reply that waits for something (a share being recorded) before it can go out. */
    private static final class Waiting {
        byte[] message;
    }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final SessionContext ctx;
    private final String remote;
    private final int maxLineBytes;
    private final int maxWaitingReplies;
    private final int maxQueuedMessages;
    private final ThrottledLog violations;
    private final Runnable onClosed;
    private SelectionKey key;
    private StratumSession session;
    private AutoCloseable jobSubscription;
    /** Messages to send in order: {@code byte[]} ready, {@link Waiting} not yet. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>(4);
    /** What the last write left unwritten; further messages wait behind it. */
    private ByteBuffer[] unwritten;
    /** Bytes read and not yet handled: an unfinished line, or lines left while reading is paused. */
    private byte[] input;
    private int inputStart;
    private int inputEnd;
    private int waiting;
    private boolean readPaused;
    /** Whether this connection is in the in-flight bound's queue of those to wake, and in its loop's retries. */
    private boolean wakeQueued;
    private boolean retryQueued;
    private boolean handlingLines;
    private boolean closing;
    private boolean closed;
    private String closeReason;
    private long waited;
    private long nextTick;

    Connection(EventLoop loop, SocketChannel channel, SessionContext ctx, String remote, ServerSettings settings,
               ThrottledLog violations, Runnable onClosed) {
        this.loop = loop;
        this.channel = channel;
        this.ctx = ctx;
        this.remote = remote;
        this.maxLineBytes = settings.maxLineBytes();
        this.maxWaitingReplies = settings.maxWaitingReplies();
        this.maxQueuedMessages = settings.maxQueuedMessages();
        this.violations = violations;
        this.onClosed = onClosed;
    }

    /** On the loop: registers with its selector and starts the session. */
    void open() {
        long now = System.nanoTime();
        try {
            key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
        } catch (IOException e) {
            closeNow("connection error: " + e.getMessage());
            return;
        }
        loop.opened(this);
        nextTick = now + TICK_NANOS;
        session = new StratumSession(ctx, this, remote, now);
        jobSubscription = ctx.jobs().subscribe(job -> loop.execute(() -> jobArrived(job)));
    }

    @Override
    public void ready(SelectionKey k) {
        if (!k.isValid()) {
            return;
        }
        if (k.isWritable()) {
            writeUnwritten();
        }
        if (!closed && k.isValid() && k.isReadable()) {
            read();
        }
    }

    private void read() {
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        int n;
        try {
            n = channel.read(buffer);
        } catch (IOException e) {
            closeNow("connection error: " + e.getMessage());
            return;
        }
        if (n < 0) {
            pauseReading();
            finish("closed by the miner");
            return;
        }
        if (n == 0) {
            return;
        }
        buffer.flip();
        append(buffer);
        handleLines();
    }

    private void append(ByteBuffer buffer) {
        int n = buffer.remaining();
        if (input == null) {
            input = new byte[Math.max(MIN_INPUT, n)];
            inputStart = 0;
            inputEnd = 0;
        } else if (input.length - inputEnd < n) {
            int kept = inputEnd - inputStart;
            byte[] grown = kept + n <= input.length ? input : new byte[Math.max(input.length * 2, kept + n)];
            System.arraycopy(input, inputStart, grown, 0, kept);
            input = grown;
            inputStart = 0;
            inputEnd = kept;
        }
        buffer.get(input, inputEnd, n);
        inputEnd += n;
    }

    /**
     * Hands every complete line to the session while the node can take them, then sends what they answered.
     *
     * @return whether it stopped because the node could take no more (reading is paused then)
     */
    private boolean handleLines() {
        boolean full = false;
        handlingLines = true;
        try {
            while (input != null && !closed && !closing) {
                if (!canTakeLine()) {
                    pauseReading();
                    full = true;
                    break;
                }
                int newline = indexOfNewline();
                if (newline < 0) {
                    if (inputEnd - inputStart > maxLineBytes) {
                        violation("sent a line longer than the limit without a newline");
                    }
                    break;
                }
                int end = newline;
                if (end - inputStart > maxLineBytes) {
                    violation("sent a line longer than the limit without a newline");
                    break;
                }
                if (end > inputStart && input[end - 1] == '\r') {
                    end--;
                }
                byte[] line = end > inputStart ? Arrays.copyOfRange(input, inputStart, end) : null;
                inputStart = newline + 1;
                if (inputStart == inputEnd) {
                    input = null;
                }
                if (line != null) {
                    session.onLine(line, System.nanoTime());
                }
            }
        } finally {
            handlingLines = false;
        }
        flush();
        return full;
    }

    private int indexOfNewline() {
        for (int i = inputStart; i < inputEnd; i++) {
            if (input[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean canTakeLine() {
        if (waiting >= maxWaitingReplies) {
            return false;
        }
        if (ctx.inFlight().hasRoom()) {
            return true;
        }
        // One of each at a time: the bound's queue of waiting connections must not fill with this one's copies.
        if (!wakeQueued) {
            wakeQueued = true;
            ctx.inFlight().whenRoom(() -> loop.execute(this::woken));
        }
        if (!retryQueued) {
            retryQueued = true;
            loop.retryLater(this);
        }
        return false;
    }

    private void woken() {
        wakeQueued = false;
        resume();
    }

    /** The loop's look again, in case the bound's wake-up went to a connection that had closed. */
    void retried() {
        retryQueued = false;
        resume();
    }

    private void pauseReading() {
        if (!readPaused && key.isValid()) {
            readPaused = true;
            key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    /** Takes the lines read meanwhile, and reads again if the node can take more. */
    void resume() {
        if (closed || closing || !readPaused) {
            return;
        }
        if (!handleLines() && !closed && !closing && key.isValid()) {
            readPaused = false;
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
        }
    }

    /** Waiting for the miner: reading, with nothing of its left to handle. */
    private boolean waitingForMiner() {
        return !readPaused && !closing && (input == null || indexOfNewline() < 0);
    }

    void sweep(long now, long credit) {
        if (closed || closing) {
            return;
        }
        if (waitingForMiner()) {
            waited += credit;
        }
        if (now >= nextTick) {
            nextTick = now + TICK_NANOS;
            session.onTick(now);
            flush();
        }
    }

    private void jobArrived(Job job) {
        if (!closed && !closing) {
            session.onJob(job, System.nanoTime());
            flush();
        }
    }

    @Override
    public long waitedNanos() {
        return waited;
    }

    @Override
    public void send(byte[] message) {
        if (closing || closed) {
            return;
        }
        if (queue.size() >= maxQueuedMessages) {
            violation("does not read what the pool sends");
            return;
        }
        queue.addLast(message);
        if (!handlingLines) {
            flush();
        }
    }

    @Override
    public <T> void sendWhenDone(CompletionStage<T> pending, BiFunction<T, Throwable, byte[]> reply) {
        Waiting slot = new Waiting();
        queue.addLast(slot);
        waiting++;
        pending.whenComplete((value, failure) -> loop.execute(() -> {
            if (closed) {
                return;
            }
            slot.message = reply.apply(value, failure);
            waiting--;
            flush();
            resume();
        }));
    }

    @Override
    public void close(String reason) {
        violation(reason);
    }

    /**
     * Asks the miner to connect again ({@code client.reconnect} without a new address: ESP-Miner then
     * connects to the pool it was set up with, another node behind the same address), then closes once the
     * answers still owed are sent.
     */
    void reconnectElsewhere() {
        if (closing || closed) {
            return;
        }
        queue.addLast(RECONNECT);
        finish("the node is leaving");
    }

    private void violation(String reason) {
        violations.warn("Closing connection from {}: {}", remote, reason);
        finish(reason);
    }

    /** Sends what is queued and answers what waits, then closes. */
    private void finish(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        closing = true;
        input = null;
        // Nothing more is read: what a closing miner still sends is not held while its replies are answered.
        pauseReading();
        if (!handlingLines) {
            flush();
        }
    }

    private static final byte[] RECONNECT = "{\"id\":null,\"method\":\"client.reconnect\",\"params\":[]}\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static byte[] ready(Object queued) {
        return queued == null ? null : queued instanceof byte[] b ? b : ((Waiting) queued).message;
    }

    /** Writes every ready message at the head of the queue in one gathering write. */
    private void flush() {
        if (closed) {
            return;
        }
        if (unwritten == null && ready(queue.peekFirst()) != null) {
            int count = 0;
            for (Object queued : queue) {
                if (ready(queued) == null) {
                    break;
                }
                count++;
            }
            ByteBuffer[] buffers = new ByteBuffer[count];
            for (int i = 0; i < count; i++) {
                // Messages are never modified once queued (job notifies are shared by all connections).
                buffers[i] = ByteBuffer.wrap(ready(queue.removeFirst()));
            }
            write(buffers);
        }
        if (closing && !closed && waiting == 0 && queue.isEmpty() && unwritten == null) {
            closeNow(closeReason);
        }
    }

    private void write(ByteBuffer[] buffers) {
        try {
            channel.write(buffers);
        } catch (IOException e) {
            closeNow("connection error: " + e.getMessage());
            return;
        }
        if (buffers[buffers.length - 1].hasRemaining()) {
            unwritten = buffers;
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private void writeUnwritten() {
        ByteBuffer[] buffers = unwritten;
        unwritten = null;
        key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        write(buffers);
        if (unwritten == null) {
            flush();
        }
    }

    /** Closes at once: what is queued is dropped. */
    void closeNow(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (closeReason == null) {
            closeReason = reason;
        }
        if (key != null) {
            key.cancel();
        }
        closeChannel();
        loop.closed(this);
        try {
            if (jobSubscription != null) {
                jobSubscription.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        onClosed.run();
        if (session != null) {
            session.onClosed(closeReason == null ? "connection closed" : closeReason);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket the peer already reset: nothing left to do.
        }
    }
}
