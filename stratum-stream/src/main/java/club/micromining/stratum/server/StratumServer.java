package club.micromining.stratum.server;

import club.micromining.stratum.session.SessionContext;
import club.micromining.stratum.session.ThrottledLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Stratum TCP listener: each accepted connection, within the connection limits, becomes
 * {@code Framing.delimiter("\n", maxLine)} into a {@link ConnectionStage}. Whatever one connection does
 * ends at most that connection.
 */
public final class StratumServer {
    private static final Logger log = LoggerFactory.getLogger(StratumServer.class);
    private static final ByteString NEWLINE = ByteString.fromString("\n");

    private final Tcp.ServerBinding binding;
    private final ConnectionLimiter limiter;
    private final SharedKillSwitch connections;

    private StratumServer(Tcp.ServerBinding binding, ConnectionLimiter limiter, SharedKillSwitch connections) {
        this.binding = binding;
        this.limiter = limiter;
        this.connections = connections;
    }

    public static CompletionStage<StratumServer> start(ClassicActorSystemProvider system, ServerSettings settings,
                                                       SessionContext ctx) {
        Materializer materializer = Materializer.matFromSystem(system);
        ConnectionLimiter limiter = new ConnectionLimiter(settings.maxConnections(), settings.maxConnectionsPerAddress());
        ThrottledLog violations = new ThrottledLog(log, 20);
        SharedKillSwitch open = KillSwitches.shared("stratum-connections");
        Source<Tcp.IncomingConnection, CompletionStage<Tcp.ServerBinding>> connections = Tcp.get(system.classicSystem())
                .bind(settings.bindHost(), settings.port(), settings.backlog(), List.of(), false, Optional.empty());
        return connections
                .toMat(Sink.foreach(c -> accept(c, settings, ctx, limiter, violations, open, materializer)), Keep.left())
                .run(materializer)
                .thenApply(binding -> {
                    log.info("Stratum listening on stratum+tcp://{}:{}", settings.bindHost(),
                            binding.localAddress().getPort());
                    return new StratumServer(binding, limiter, open);
                });
    }

    private static void accept(Tcp.IncomingConnection connection, ServerSettings settings, SessionContext ctx,
                               ConnectionLimiter limiter, ThrottledLog violations, SharedKillSwitch open,
                               Materializer materializer) {
        InetSocketAddress remote = connection.remoteAddress();
        InetAddress address = remote.getAddress();
        String refused = limiter.tryAcquire(address);
        if (refused != null) {
            violations.warn("Refusing connection from {}: {}", remote, refused);
            connection.handleWith(Flow.fromSinkAndSource(Sink.cancelled(), Source.empty()), materializer);
            return;
        }
        String name = address.getHostAddress() + ":" + remote.getPort();
        Flow<ByteString, ByteString, NotUsed> flow = Framing
                .delimiter(NEWLINE, settings.maxLineBytes(), FramingTruncation.ALLOW)
                .via(new ConnectionStage(ctx, name, settings.maxWaitingReplies(), settings.maxQueuedMessages(), violations))
                .via(open.flow())
                .watchTermination((notUsed, done) -> {
                    done.whenComplete((d, e) -> limiter.release(address));
                    return notUsed;
                });
        connection.handleWith(flow, materializer);
    }

    public InetSocketAddress localAddress() {
        return binding.localAddress();
    }

    public int openConnections() {
        return limiter.open();
    }

    /** Stops accepting connections; open ones keep running until {@link #closeConnections()}. */
    public CompletionStage<Void> unbind() {
        return binding.unbind().thenApply(unit -> null);
    }

    /** Closes every open connection (each one's session ends as if the miner had hung up). */
    public void closeConnections() {
        connections.shutdown();
    }
}
