package club.micromining.stratum.testkit;

import club.micromining.stratum.bitcoin.Difficulty;
import club.micromining.stratum.bitcoin.Target;
import club.micromining.stratum.client.MinerJob;
import club.micromining.stratum.client.NonceGrinder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * A Stratum client over a real socket for tests: sends JSON-RPC lines, collects everything the pool
 * sends, and can mine a share on the latest job as firmware would (ESP-Miner's message shapes).
 */
public final class StratumTestClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Socket socket;
    private final OutputStream out;
    private final List<JsonNode> inbox = new ArrayList<>();
    private final List<JsonNode> history = new ArrayList<>();
    private boolean closedByServer;
    private int nextId = 1;

    public String user;
    public byte[] extranonce1;
    public int extranonce2Size;
    public int versionMask;
    public double difficulty;
    public MinerJob job;
    private long extranonce2Counter;

    private StratumTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread reader = new Thread(this::read, "test-client-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static StratumTestClient connect(InetSocketAddress address) {
        try {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", address.getPort()), 5000);
            s.setTcpNoDelay(true);
            return new StratumTestClient(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode msg = JSON.readTree(line);
                synchronized (this) {
                    inbox.add(msg);
                    history.add(msg);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // treated like end of stream
        }
        synchronized (this) {
            closedByServer = true;
            notifyAll();
        }
    }

    public void sendRaw(String line) {
        sendBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public void sendBytes(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a request; returns its id. */
    public int request(String method, Object... params) {
        int id = nextId++;
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        ArrayNode p = msg.putArray("params");
        for (Object o : params) {
            p.add(JSON.valueToTree(o));
        }
        sendRaw(msg.toString());
        return id;
    }

    public JsonNode call(String method, Object... params) {
        return reply(request(method, params));
    }

    public JsonNode reply(int id) {
        return take(m -> m.path("method").isMissingNode() && m.path("id").asInt(-1) == id, "reply to id " + id);
    }

    /** The next notification of this method, in arrival order. */
    public JsonNode notification(String method) {
        JsonNode n = take(m -> method.equals(m.path("method").asText()), method);
        track(n);
        return n;
    }

    /** Waits for a message without removing it from the inbox. */
    public synchronized JsonNode peek(Predicate<JsonNode> match, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (JsonNode m : inbox) {
                if (match.test(m)) {
                    return m;
                }
            }
            waitUntil(deadline, what);
        }
    }

    private synchronized JsonNode take(Predicate<JsonNode> match, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (Iterator<JsonNode> it = inbox.iterator(); it.hasNext(); ) {
                JsonNode m = it.next();
                if (match.test(m)) {
                    it.remove();
                    return m;
                }
            }
            waitUntil(deadline, what);
        }
    }

    private void waitUntil(long deadline, String what) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closedByServer) {
            throw new AssertionError("no " + what + " from the pool" + (closedByServer ? " (connection closed)" : "")
                    + "; received: " + history);
        }
        try {
            wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Whether the pool closed the connection within the wait. */
    public synchronized boolean awaitClosed(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!closedByServer) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void track(JsonNode n) {
        if (n.path("method").asText().equals("mining.set_difficulty")) {
            difficulty = n.get("params").get(0).asDouble();
        }
    }

    /** ESP-Miner's handshake: configure, subscribe and authorize sent back to back, then the first job. */
    public StratumTestClient handshake(String user) {
        return handshake(user, "x");
    }

    /** The same handshake with a Stratum password (AxeOS sends "x" when none is set). */
    public StratumTestClient handshake(String user, String password) {
        this.user = user;
        int configure = request("mining.configure", List.of("version-rolling"), java.util.Map.of("version-rolling.mask", "ffffffff"));
        int subscribe = request("mining.subscribe", "bitaxe/BM1370/test");
        int authorize = request("mining.authorize", user, password);
        JsonNode conf = reply(configure).get("result");
        versionMask = conf.path("version-rolling").asBoolean() ? Integer.parseUnsignedInt(conf.get("version-rolling.mask").asText(), 16) : 0;
        JsonNode sub = reply(subscribe).get("result");
        extranonce1 = HEX.parseHex(sub.get(1).asText());
        extranonce2Size = sub.get(2).asInt();
        JsonNode auth = reply(authorize);
        if (!auth.get("result").asBoolean()) {
            throw new AssertionError("not authorized: " + auth);
        }
        notification("mining.set_difficulty");
        nextJob();
        return this;
    }

    /** Reads the next {@code mining.notify} and takes it as the current job. */
    public MinerJob nextJob() {
        JsonNode n = notification("mining.notify");
        job = MinerJob.fromNotify(n.get("params"));
        return job;
    }

    /** Handles a set_difficulty that precedes the next job, if the pool sent one. */
    public void nextDifficultyAndJob() {
        notification("mining.set_difficulty");
        nextJob();
    }

    /** A share for the current job: the submit params, ground so its hash meets (or, if asked, misses) the target. */
    public String[] mine(boolean meetTarget, int versionBits) {
        return mine(job, Difficulty.target(difficulty), meetTarget, versionBits);
    }

    public String[] mine(MinerJob j, Target target, boolean meetTarget, int versionBits) {
        byte[] en2 = new byte[extranonce2Size];
        long c = ++extranonce2Counter;
        for (int i = 0; i < en2.length; i++) {
            en2[i] = (byte) (c >>> (8 * i));
        }
        int rolled = j.version() ^ versionBits;
        byte[] header = j.headerWithoutNonce(extranonce1, en2, rolled, j.ntime());
        int nonce;
        if (meetTarget) {
            OptionalInt found = NonceGrinder.grind(header, target, 0, Integer.MAX_VALUE);
            nonce = found.getAsInt();
        } else {
            nonce = 0;
            while (NonceGrinder.grind(header, target, nonce, 1).isPresent()) {
                nonce++;
            }
        }
        return new String[] {user, j.id(), HEX.formatHex(en2), String.format("%08x", j.ntime()), String.format("%08x", nonce),
                String.format("%08x", versionBits)};
    }

    public JsonNode submit(String... params) {
        return call("mining.submit", (Object[]) params);
    }

    /** Mines and submits one valid share on the current job; returns the pool's reply. */
    public JsonNode submitShare() {
        return submit(mine(true, 0));
    }

    /** This end's port: how the pool's log names the connection. */
    public int localPort() {
        return socket.getLocalPort();
    }

    public synchronized List<JsonNode> received() {
        return List.copyOf(history);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
