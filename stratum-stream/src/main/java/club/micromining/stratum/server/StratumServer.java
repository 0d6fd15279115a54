package club.micromining.stratum.server;

import club.micromining.stratum.session.SessionContext;
import club.micromining.stratum.session.ThrottledLog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Stratum TCP listener: non-blocking sockets on a few event loops (one per core), each connection a
 * {@link Connection} on one loop, within the connection limits. Whatever one connection does ends at most
 * that connection.
 *
 * <p>Why not Pekko Streams {@code Tcp().bind} (the edge's first listener): a connection there is a
 * connection actor and a materialized stream actor, and every read and write a message between them. On this
 * project's 2-core machine that cost about 0.5 ms of CPU per handshake warm and 1 ms cold (issue 16's
 * measurement: 18 000 reconnecting devices took 32-45 s, the edge alone as long), where the work of the
 * handshake itself is a tenth of it. Here a connection is a socket, a session and a few buffers.
 */
public final class StratumServer {
    private static final Logger log = LoggerFactory.getLogger(StratumServer.class);

    private final ServerSocketChannel listener;
    private final InetSocketAddress address;
    private final List<EventLoop> loops;
    private final ConnectionLimiter limiter;
    private final EventLoop acceptLoop;
    private final CompletableFuture<Void> unbound = new CompletableFuture<>();

    private StratumServer(ServerSocketChannel listener, List<EventLoop> loops, ConnectionLimiter limiter) throws IOException {
        this.listener = listener;
        this.address = (InetSocketAddress) listener.getLocalAddress();
        this.loops = loops;
        this.limiter = limiter;
        this.acceptLoop = loops.get(0);
    }

    public static CompletionStage<StratumServer> start(ClassicActorSystemProvider system, ServerSettings settings,
                                                       SessionContext ctx) {
        ConnectionLimiter limiter = new ConnectionLimiter(settings.maxConnections(), settings.maxConnectionsPerAddress());
        ThrottledLog violations = new ThrottledLog(log, 20);
        StratumServer server;
        try {
            ServerSocketChannel listener = ServerSocketChannel.open();
            try {
                listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                listener.bind(new InetSocketAddress(settings.bindHost(), settings.port()), settings.backlog());
                listener.configureBlocking(false);
            } catch (IOException | RuntimeException e) {
                listener.close();
                throw e;
            }
            int count = Math.max(1, Runtime.getRuntime().availableProcessors());
            List<EventLoop> loops = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                loops.add(new EventLoop("stratum-loop-" + i));
            }
            server = new StratumServer(listener, loops, limiter);
            server.acceptLoop.execute(() -> server.listen(ctx, settings, violations));
            loops.forEach(EventLoop::start);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        system.classicSystem().registerOnTermination(server::stop);
        log.info("Stratum listening on stratum+tcp://{}:{}", settings.bindHost(), server.address.getPort());
        return CompletableFuture.completedFuture(server);
    }

    /** On the accept loop: accepted connections are dealt round-robin to the loops. */
    private void listen(SessionContext ctx, ServerSettings settings, ThrottledLog violations) {
        int[] next = {0};
        EventLoop.Handler accept = key -> {
            SocketChannel channel;
            try {
                while ((channel = listener.accept()) != null) {
                    EventLoop loop = loops.get(next[0]++ % loops.size());
                    admit(channel, loop, ctx, settings, violations);
                }
            } catch (IOException e) {
                violations.warn("Accepting a Stratum connection failed: {}", e.toString());
            }
        };
        try {
            listener.register(acceptLoop.selector(), SelectionKey.OP_ACCEPT, accept);
        } catch (IOException e) {
            log.error("The Stratum listener could not start accepting", e);
        }
    }

    private void admit(SocketChannel channel, EventLoop loop, SessionContext ctx, ServerSettings settings,
                       ThrottledLog violations) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        InetAddress from = remote.getAddress();
        String refused = limiter.tryAcquire(from);
        if (refused != null) {
            violations.warn("Refusing connection from {}: {}", remote, refused);
            channel.close();
            return;
        }
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            limiter.release(from);
            channel.close();
            return;
        }
        Connection c = new Connection(loop, channel, ctx, from.getHostAddress() + ":" + remote.getPort(), settings,
                violations, () -> limiter.release(from));
        loop.execute(c::open);
    }

    public InetSocketAddress localAddress() {
        return address;
    }

    public int openConnections() {
        return limiter.open();
    }

    /** Stops accepting connections; open ones keep running until {@link #closeConnections()}. */
    public CompletionStage<Void> unbind() {
        acceptLoop.execute(() -> {
            try {
                listener.close();
            } catch (IOException e) {
                log.debug("Closing the Stratum listener", e);
            }
            unbound.complete(null);
        });
        return unbound;
    }

    /** Sends every open connection {@code client.reconnect} and closes it after that (a node leaving). */
    public CompletableFuture<Void> reconnectConnections() {
        return CompletableFuture.allOf(loops.stream().map(loop -> CompletableFuture.runAsync(loop::reconnectAll, loop::execute))
                .toArray(CompletableFuture[]::new));
    }

    /** Closes every open connection (each one's session ends as if the miner had hung up). */
    public void closeConnections() {
        for (EventLoop loop : loops) {
            loop.execute(() -> loop.closeAll("connection closed"));
        }
    }

    private void stop() {
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("Closing the Stratum listener", e);
        }
        unbound.complete(null);
        CompletableFuture.allOf(loops.stream().map(EventLoop::stop).toArray(CompletableFuture[]::new)).join();
    }
}
