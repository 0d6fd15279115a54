package club.micromining.ops.loadgen;

import club.micromining.ops.Options;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stratum load from one process and one thread: opens C connections (at most {@code connect-rate} new
 * ones a second), does the ESP-Miner handshake on each (configure, subscribe, optionally
 * suggest_difficulty, authorize) and times it from connect to the first job, then submits shares at R per
 * second in total for T seconds and reports what came back.
 *
 * <p>Shares carry random nonces, so the pool accepts them only at a difficulty every hash meets
 * (regtest, {@code POOL_MIN_DIFFICULTY=POOL_START_DIFFICULTY=POOL_MAX_DIFFICULTY=1e-10}); otherwise
 * they are answered "low difficulty", which still measures the pool's round trip.
 */
public final class LoadGenerator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FIRST_SUBMIT_ID = 10;
    /** Outstanding submits remembered per connection. */
    private static final int RING = 4096;
    private static final int MAX_CONNECTING = 500;

    private final InetSocketAddress target;
    private final int connections;
    private final int rate;
    private final int seconds;
    private final String user;
    private final PrintStream out;
    private final Double suggestDifficulty;
    private final int connectRate;
    /** Connections whose connect is under way (counted, not searched for: 18 000 of them are opened in a loop). */
    private int connecting;
    private final int handshakeTimeoutSeconds;
    private long[] handshakeMicros;
    private int handshakeCount;

    private final List<Conn> conns = new ArrayList<>();
    private long[] latenciesMicros;
    private int latencyCount;
    private long submits;
    private long responses;
    private long accepted;
    private final Map<Integer, Long> rejectedByCode = new TreeMap<>();
    private int connectFailures;

    /**
     * @param suggestDifficulty what each connection asks for with mining.suggest_difficulty, or null for none
     * @param connectRate       new connections a second at most
     */
    LoadGenerator(InetSocketAddress target, int connections, int rate, int seconds, String user, PrintStream out,
                  Double suggestDifficulty, int connectRate, int handshakeTimeoutSeconds) {
        this.target = target;
        this.connections = connections;
        this.rate = rate;
        this.seconds = seconds;
        this.user = user;
        this.out = out;
        this.suggestDifficulty = suggestDifficulty;
        this.connectRate = connectRate;
        this.handshakeTimeoutSeconds = handshakeTimeoutSeconds;
        this.latenciesMicros = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) rate * seconds + 1024)];
        this.handshakeMicros = new long[connections];
    }

    public static int run(Options o) {
        o.requireOnly("host", "port", "connections", "rate", "seconds", "user", "suggest-difficulty", "connect-rate",
                "handshake-timeout");
        Double suggest = null;
        if (o.has("suggest-difficulty")) {
            try {
                suggest = Double.parseDouble(o.string("suggest-difficulty", ""));
            } catch (NumberFormatException e) {
                suggest = -1.0;
            }
            if (!(suggest > 0)) {
                throw new IllegalArgumentException("--suggest-difficulty must be a positive number");
            }
        }
        LoadGenerator g = new LoadGenerator(
                new InetSocketAddress(o.string("host", "127.0.0.1"), o.integer("port", 3333, 1, 65535)),
                o.integer("connections", 100, 1, 1_000_000), o.integer("rate", 1000, 0, 10_000_000),
                o.integer("seconds", 30, 1, 86_400), o.string("user", "loadgen"), System.out, suggest,
                o.integer("connect-rate", 1_000_000, 1, 1_000_000), o.integer("handshake-timeout", 60, 1, 3_600));
        try {
            Report r = g.execute();
            return r.held() > 0 ? 0 : 1;
        } catch (IOException e) {
            System.err.println("loadgen: " + e.getMessage());
            return 1;
        }
    }

    /** One run, printing to {@code out}. */
    public static Report run(InetSocketAddress target, int connections, int rate, int seconds, PrintStream out)
            throws IOException {
        return new LoadGenerator(target, connections, rate, seconds, "loadgen", out, null, 1_000_000, 60).execute();
    }

    /** The figures of one run. */
    public record Report(int held, long submits, long responses, long accepted, Map<Integer, Long> rejected,
                         double p50Millis, double p99Millis, double maxMillis, double seconds,
                         int ready, double handshakeP50Millis, double handshakeP99Millis) {
    }

    private final class Conn {
        final SocketChannel channel;
        final int index;
        SelectionKey key;
        ByteBuffer in = ByteBuffer.allocate(4096);
        ByteBuffer pendingOut;
        String jobId;
        String ntime;
        int extranonce2Size;
        boolean authorized;
        boolean closed;
        int nextId = FIRST_SUBMIT_ID;
        long extranonce2;
        long connectedAt;
        boolean timed;
        boolean connecting;
        final long[] sentAt = new long[RING];

        Conn(SocketChannel channel, int index) {
            this.channel = channel;
            this.index = index;
        }

        boolean ready() {
            return !closed && authorized && jobId != null && extranonce2Size > 0;
        }

        String worker() {
            return user + ".w" + index;
        }
    }

    Report execute() throws IOException {
        try (Selector selector = Selector.open()) {
            long t0 = System.nanoTime();
            connectAll(selector, t0);
            long handshakeDeadline = System.nanoTime() + handshakeTimeoutSeconds * 1_000_000_000L;
            while (System.nanoTime() < handshakeDeadline && conns.stream().anyMatch(c -> !c.closed && !c.ready())) {
                poll(selector, 10);
            }
            long ready = conns.stream().filter(Conn::ready).count();
            out.printf("loadgen: %d of %d connections ready in %.1f s (%d failed to connect); submitting %d/s for %d s%n",
                    ready, connections, (System.nanoTime() - t0) / 1e9, connectFailures, rate, seconds);

            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long nextReport = start + 5_000_000_000L;
            int cursor = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                long due = (long) ((now - start) / 1e9 * rate) - submits;
                for (long i = 0; i < due; i++) {
                    Conn c = nextReady(cursor);
                    if (c == null) {
                        break;
                    }
                    cursor = c.index + 1;
                    submit(c, now);
                }
                poll(selector, 1);
                if (now > nextReport) {
                    out.printf("loadgen: %.0f s: %d submits, %d responses, %d accepted%n", (now - start) / 1e9, submits,
                            responses, accepted);
                    nextReport += 5_000_000_000L;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long drainDeadline = System.nanoTime() + 10_000_000_000L;
            while (responses < submits && System.nanoTime() < drainDeadline) {
                poll(selector, 10);
            }
            Report report = report(elapsed);
            print(report);
            for (Conn c : conns) {
                c.channel.close();
            }
            return report;
        }
    }

    private Conn nextReady(int from) {
        for (int i = 0; i < conns.size(); i++) {
            Conn c = conns.get((from + i) % conns.size());
            if (c.ready()) {
                return c;
            }
        }
        return null;
    }

    private void connectAll(Selector selector, long t0) throws IOException {
        for (int i = 0; i < connections; i++) {
            while (connecting >= MAX_CONNECTING || (long) i * 1_000_000_000L / connectRate > System.nanoTime() - t0) {
                poll(selector, 1);
            }
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            Conn c = new Conn(ch, i);
            c.connectedAt = System.nanoTime();
            conns.add(c);
            try {
                if (ch.connect(target)) {
                    connected(selector, c);
                } else {
                    c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
                    c.connecting = true;
                    connecting++;
                }
            } catch (IOException e) {
                connectFailures++;
                c.closed = true;
                ch.close();
            }
            poll(selector, 0);
        }
    }

    private void connectDone(Conn c) {
        if (c.connecting) {
            c.connecting = false;
            connecting--;
        }
    }

    private void connected(Selector selector, Conn c) throws IOException {
        c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
        send(c, "{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\"}]}\n"
                + "{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[\"loadgen/1.0\"]}\n"
                + (suggestDifficulty == null ? "" : "{\"id\":4,\"method\":\"mining.suggest_difficulty\",\"params\":["
                        + suggestDifficulty + "]}\n")
                + "{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"" + c.worker() + "\",\"x\"]}\n");
    }

    /** Connect to the first job: how long the pool kept a device waiting before it could mine. */
    private void firstJob(Conn c) {
        if (!c.timed) {
            c.timed = true;
            handshakeMicros[handshakeCount++] = (System.nanoTime() - c.connectedAt) / 1000;
        }
    }

    private void poll(Selector selector, long timeoutMillis) throws IOException {
        int n = timeoutMillis == 0 ? selector.selectNow() : selector.select(timeoutMillis);
        if (n == 0) {
            return;
        }
        for (SelectionKey key : selector.selectedKeys()) {
            Conn c = (Conn) key.attachment();
            try {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isConnectable()) {
                    c.channel.finishConnect();
                    connectDone(c);
                    connected(selector, c);
                    continue;
                }
                if (key.isWritable()) {
                    flush(c);
                }
                if (key.isReadable()) {
                    read(c);
                }
            } catch (IOException e) {
                if (c.key != null && (c.key.interestOps() & SelectionKey.OP_CONNECT) != 0) {
                    connectFailures++;
                }
                close(c);
            }
        }
        selector.selectedKeys().clear();
    }

    private void read(Conn c) throws IOException {
        int n = c.channel.read(c.in);
        if (n < 0) {
            close(c);
            return;
        }
        c.in.flip();
        int lineStart = c.in.position();
        for (int i = c.in.position(); i < c.in.limit(); i++) {
            if (c.in.get(i) == '\n') {
                byte[] line = new byte[i - lineStart];
                c.in.get(lineStart, line);
                if (!acceptedFastPath(c, line) && !notifyFastPath(c, line)) {
                    handle(c, JSON.readTree(line));
                }
                lineStart = i + 1;
            }
        }
        c.in.position(lineStart);
        c.in.compact();
        if (!c.in.hasRemaining()) {
            c.in = ByteBuffer.allocate(c.in.capacity() * 2).put(c.in.flip());
        }
    }

    private static final byte[] ACCEPTED_PREFIX = "{\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACCEPTED_SUFFIX = ",\"result\":true,\"error\":null}".getBytes(StandardCharsets.US_ASCII);

    /**
     * Counts the pool's usual "accepted" reply without a JSON parser, so that at tens of thousands of
     * replies a second the generator measures the pool, not its own parsing.
     */
    private boolean acceptedFastPath(Conn c, byte[] line) {
        int n = line.length;
        if (n <= ACCEPTED_PREFIX.length + ACCEPTED_SUFFIX.length
                || !Arrays.equals(line, 0, ACCEPTED_PREFIX.length, ACCEPTED_PREFIX, 0, ACCEPTED_PREFIX.length)
                || !Arrays.equals(line, n - ACCEPTED_SUFFIX.length, n, ACCEPTED_SUFFIX, 0, ACCEPTED_SUFFIX.length)) {
            return false;
        }
        int id = 0;
        for (int i = ACCEPTED_PREFIX.length; i < n - ACCEPTED_SUFFIX.length; i++) {
            int d = line[i] - '0';
            if (d < 0 || d > 9 || id > 100_000_000) {
                return false;
            }
            id = id * 10 + d;
        }
        if (id < FIRST_SUBMIT_ID) {
            return false;
        }
        replied(c, id);
        accepted++;
        return true;
    }

    private static final byte[] NOTIFY_PREFIX = "{\"id\":null,\"method\":\"mining.notify\",\"params\":[\""
            .getBytes(StandardCharsets.US_ASCII);

    /** Takes the job id (first parameter) and ntime (eighth) out of the pool's notify without parsing it all. */
    private boolean notifyFastPath(Conn c, byte[] line) {
        int p = NOTIFY_PREFIX.length;
        if (line.length <= p || !Arrays.equals(line, 0, p, NOTIFY_PREFIX, 0, p)) {
            return false;
        }
        int idEnd = p;
        while (idEnd < line.length && line[idEnd] != '"') {
            idEnd++;
        }
        int ntimeEnd = line.length - 1;
        while (ntimeEnd > idEnd && line[ntimeEnd] != '"') {
            ntimeEnd--;
        }
        int ntimeStart = ntimeEnd - 8;
        if (ntimeStart <= idEnd || line[ntimeStart - 1] != '"') {
            return false;
        }
        c.jobId = new String(line, p, idEnd - p, StandardCharsets.US_ASCII);
        c.ntime = new String(line, ntimeStart, 8, StandardCharsets.US_ASCII);
        firstJob(c);
        return true;
    }

    private void replied(Conn c, int id) {
        responses++;
        if (latencyCount < latenciesMicros.length) {
            latenciesMicros[latencyCount++] = (System.nanoTime() - c.sentAt[id % RING]) / 1000;
        }
    }

    private void handle(Conn c, JsonNode msg) {
        String method = msg.path("method").asText(null);
        if ("mining.notify".equals(method)) {
            c.jobId = msg.get("params").get(0).asText();
            c.ntime = msg.get("params").get(7).asText();
            firstJob(c);
            return;
        }
        if (method != null) {
            return;
        }
        int id = msg.path("id").asInt(-1);
        if (id == 2) {
            c.extranonce2Size = msg.get("result").get(2).asInt();
        } else if (id == 3) {
            c.authorized = msg.get("result").asBoolean();
        } else if (id >= FIRST_SUBMIT_ID) {
            replied(c, id);
            if (msg.path("result").asBoolean()) {
                accepted++;
            } else {
                rejectedByCode.merge(msg.path("error").path(0).asInt(0), 1L, Long::sum);
            }
        }
    }

    private void submit(Conn c, long now) {
        int id = c.nextId++;
        c.sentAt[id % RING] = now;
        long en2 = ++c.extranonce2;
        String extranonce2 = String.format("%0" + (2 * c.extranonce2Size) + "x", en2 & (c.extranonce2Size >= 8 ? -1L : (1L << (8 * c.extranonce2Size)) - 1));
        String line = "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + c.worker() + "\",\"" + c.jobId
                + "\",\"" + extranonce2 + "\",\"" + c.ntime + "\",\"" + String.format("%08x", ThreadLocalRandom.current().nextInt())
                + "\",\"00000000\"]}\n";
        submits++;
        send(c, line);
    }

    private void send(Conn c, String text) {
        ByteBuffer data = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        try {
            if (c.pendingOut != null) {
                ByteBuffer joined = ByteBuffer.allocate(c.pendingOut.remaining() + data.remaining());
                joined.put(c.pendingOut).put(data).flip();
                c.pendingOut = joined;
            } else {
                c.channel.write(data);
                if (data.hasRemaining()) {
                    c.pendingOut = data;
                }
            }
            if (c.pendingOut != null) {
                c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    private void flush(Conn c) throws IOException {
        if (c.pendingOut != null) {
            c.channel.write(c.pendingOut);
            if (!c.pendingOut.hasRemaining()) {
                c.pendingOut = null;
                c.key.interestOps(SelectionKey.OP_READ);
            }
        }
    }

    private void close(Conn c) {
        connectDone(c);
        c.closed = true;
        try {
            c.channel.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private Report report(double elapsed) {
        long[] l = Arrays.copyOf(latenciesMicros, latencyCount);
        Arrays.sort(l);
        int held = (int) conns.stream().filter(c -> !c.closed && c.channel.isConnected()).count();
        long[] h = Arrays.copyOf(handshakeMicros, handshakeCount);
        Arrays.sort(h);
        return new Report(held, submits, responses, accepted, Map.copyOf(rejectedByCode), percentile(l, 0.50),
                percentile(l, 0.99), l.length == 0 ? 0 : l[l.length - 1] / 1000.0, elapsed,
                (int) conns.stream().filter(Conn::ready).count(), percentile(h, 0.50), percentile(h, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }

    private void print(Report r) {
        out.printf("connections held: %d of %d (%d ready)%n", r.held(), connections, r.ready());
        out.printf("handshake (connect to first job): p50 %.2f ms, p99 %.2f ms%n", r.handshakeP50Millis(), r.handshakeP99Millis());
        out.printf("submits: %d (%.0f/s over %.1f s)%n", r.submits(), r.submits() / r.seconds(), r.seconds());
        out.printf("responses: %d%n", r.responses());
        out.printf("accepted: %d, rejected: %d %s%n", r.accepted(),
                r.rejected().values().stream().mapToLong(Long::longValue).sum(), r.rejected().isEmpty() ? "" : "by code " + r.rejected());
        out.printf("latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", r.p50Millis(), r.p99Millis(), r.maxMillis());
    }
}
