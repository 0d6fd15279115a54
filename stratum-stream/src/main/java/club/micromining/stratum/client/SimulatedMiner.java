package club.micromining.stratum.client;

import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Target;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated BitAxe: speaks Stratum V1 over TCP the way ESP-Miner does (configure with mask
 * {@code ffffffff}, subscribe and authorize back to back, six-parameter submits with the version bits
 * as {@code rolled ^ job version}) and grinds real SHA-256d nonces on the CPU at a capped hash rate.
 */
public final class SimulatedMiner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedMiner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final int BATCH = 1024;
    private static final int FIRST_SUBMIT_ID = 10;
    private static final long MAX_CATCH_UP_NANOS = 1_000_000_000L;

    private final List<InetSocketAddress> pools;
    private volatile int pool;
    private final String user;
    private final double hashesPerSecond;
    private final Thread thread;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean askedToReconnect;
    private final AtomicLong hashes = new AtomicLong();
    private final AtomicInteger nextId = new AtomicInteger(FIRST_SUBMIT_ID);
    private volatile boolean running = true;
    private volatile Socket socket;

    // Written by the reader thread, read by the grinding thread.
    private volatile byte[] extranonce1;
    private volatile int extranonce2Size;
    private volatile int versionMask;
    private volatile Target pendingTarget = Difficulty.target(1);
    private volatile Work work;

    private record Work(MinerJob job, Target target) {
    }

    public SimulatedMiner(String host, int port, String user, double hashesPerSecond) {
        this(List.of(InetSocketAddress.createUnresolved(host, port)), user, hashesPerSecond);
    }

    /**
     * A device with a primary pool and fallbacks, as ESP-Miner has: when a pool cannot be reached it tries
     * the next one; a lost connection is tried again on the same pool first.
     */
    public SimulatedMiner(List<InetSocketAddress> pools, String user, double hashesPerSecond) {
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("a device needs a pool");
        }
        this.pools = List.copyOf(pools);
        this.user = user;
        this.hashesPerSecond = hashesPerSecond;
        this.thread = new Thread(this::run, "simulated-" + user);
        thread.setDaemon(true);
    }

    public SimulatedMiner start() {
        thread.start();
        return this;
    }

    public long accepted() {
        return accepted.get();
    }

    public long rejected() {
        return rejected.get();
    }

    /** Shares sent; those without an answer yet are neither accepted nor rejected. */
    public long submitted() {
        return submitted.get();
    }

    /** The pool it mines on, or tries to reach, now. */
    public InetSocketAddress pool() {
        return pools.get(pool);
    }

    /** Connections made so far, the first one included. */
    public long connections() {
        return connections.get();
    }

    /** Hashes tried so far. */
    public long hashes() {
        return hashes.get();
    }

    @Override
    public void close() {
        running = false;
        closeSocket();
        thread.interrupt();
    }

    private void run() {
        boolean warned = false;
        while (running) {
            try {
                mine();
            } catch (java.net.ConnectException | java.net.SocketTimeoutException e) {
                pool = (pool + 1) % pools.size();
                closeSocket();
                sleepQuietly(1000);
                continue;
            } catch (IOException e) {
                if (running && !warned) {
                    log.info("Simulated device {} lost its pool connection ({}); reconnecting", user, e.getMessage());
                    warned = true;
                }
            } catch (InterruptedException e) {
                return;
            }
            closeSocket();
            if (askedToReconnect) {
                askedToReconnect = false;
            } else {
                sleepQuietly(2000);
            }
        }
    }

    private void mine() throws IOException, InterruptedException {
        work = null;
        extranonce1 = null;
        Socket s = new Socket();
        InetSocketAddress to = pools.get(pool);
        s.connect(new InetSocketAddress(to.getHostString(), to.getPort()), 5000);
        s.setTcpNoDelay(true);
        socket = s;
        connections.incrementAndGet();
        OutputStream out = s.getOutputStream();
        send(out, "{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\"}]}");
        send(out, "{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[\"bitaxe/simulated/1.0\"]}");
        send(out, "{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"" + user + "\",\"x\"]}");
        Thread reader = new Thread(() -> read(s), "simulated-reader-" + user);
        reader.setDaemon(true);
        reader.start();

        long done = 0;
        long started = System.nanoTime();
        long extranonce2 = 0;
        int roll = 0;
        while (running && !s.isClosed()) {
            Work w = work;
            byte[] en1 = extranonce1;
            if (w == null || en1 == null) {
                Thread.sleep(20);
                continue;
            }
            byte[] en2 = counterBytes(extranonce2++, extranonce2Size);
            int rolled = (w.job().version() & ~versionMask) | ((roll++ << 13) & versionMask);
            byte[] header = w.job().headerWithoutNonce(en1, en2, rolled, w.job().ntime());
            int nonce = 0;
            while (running && work == w && nonce >= 0) {
                OptionalInt found = NonceGrinder.grind(header, w.target(), nonce, BATCH);
                done += BATCH;
                hashes.addAndGet(BATCH);
                nonce += BATCH;
                if (found.isPresent()) {
                    submitted.incrementAndGet();
                    send(out, "{\"id\":" + nextId.getAndIncrement() + ",\"method\":\"mining.submit\",\"params\":[\""
                            + user + "\",\"" + w.job().id() + "\",\"" + HEX.formatHex(en2) + "\",\""
                            + String.format("%08x", w.job().ntime()) + "\",\"" + String.format("%08x", found.getAsInt())
                            + "\",\"" + String.format("%08x", rolled ^ w.job().version()) + "\"]}");
                    break;
                }
                long ahead = (long) (done / hashesPerSecond * 1e9) - (System.nanoTime() - started);
                if (ahead > 0) {
                    Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
                } else if (ahead < -MAX_CATCH_UP_NANOS) {
                    // Starved of CPU for a while: forgive it, a real device does not hash faster afterwards.
                    started += -ahead - MAX_CATCH_UP_NANOS;
                }
            }
        }
        if (running) {
            throw new IOException("connection closed");
        }
    }

    private void read(Socket s) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                handle(JSON.readTree(line));
            }
        } catch (IOException e) {
            // the grinding thread notices the closed socket
        } finally {
            closeSocket();
        }
    }

    private void handle(JsonNode msg) {
        String method = msg.path("method").asText(null);
        if ("mining.set_difficulty".equals(method)) {
            pendingTarget = Difficulty.target(msg.get("params").get(0).asDouble());
        } else if ("client.reconnect".equals(method)) {
            // As ESP-Miner does: connect again at once, to the pool it was configured with.
            log.info("Simulated device {} was asked to reconnect", user);
            askedToReconnect = true;
            closeSocket();
        } else if ("mining.notify".equals(method)) {
            work = new Work(MinerJob.fromNotify(msg.get("params")), pendingTarget);
        } else if (method == null) {
            int id = msg.path("id").asInt(-1);
            JsonNode result = msg.path("result");
            if (id == 1) {
                versionMask = result.path("version-rolling").asBoolean()
                        ? Integer.parseUnsignedInt(result.path("version-rolling.mask").asText("0"), 16) : 0;
            } else if (id == 2) {
                extranonce2Size = result.get(2).asInt();
                extranonce1 = HEX.parseHex(result.get(1).asText());
            } else if (id == 3 && !result.asBoolean()) {
                log.warn("Simulated device {} was not authorized: {}", user, msg.path("error"));
            } else if (id >= FIRST_SUBMIT_ID) {
                (result.asBoolean() ? accepted : rejected).incrementAndGet();
            }
        }
    }

    private synchronized void send(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static byte[] counterBytes(long v, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (v >>> (8 * i));
        }
        return b;
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
