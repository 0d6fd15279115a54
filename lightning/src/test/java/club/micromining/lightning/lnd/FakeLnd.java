package club.micromining.lightning.lnd;

import com.google.protobuf.ByteString;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.lightningj.lnd.router.proto.RouterGrpc;
import org.lightningj.lnd.router.proto.RouterOuterClass;

/**
 * An LND on loopback, as far as the adapter talks to it: the Lightning and Router services of lightningj's own
 * generated stubs, behind TLS with the test certificate, and refusing any call whose {@code macaroon} metadata is
 * not the expected one. It records what it received; tests script the payment streams.
 */
final class FakeLnd implements AutoCloseable {
    static final String IDENTITY = "02" + "ab".repeat(32);
    static final long LOCAL_MSAT = 7_000_123;
    static final long REMOTE_MSAT = 3_000_456;
    private static final Metadata.Key<String> MACAROON = Metadata.Key.of("macaroon", Metadata.ASCII_STRING_MARSHALLER);

    private final String expectedMacaroon;
    private final Server server;

    final List<String> macaroonsSeen = new CopyOnWriteArrayList<>();
    final List<String> methodsCalled = new CopyOnWriteArrayList<>();
    final List<RouterOuterClass.SendPaymentRequest> sent = new CopyOnWriteArrayList<>();
    final List<RouterOuterClass.TrackPaymentRequest> tracked = new CopyOnWriteArrayList<>();
    final List<LightningApi.Invoice> added = new CopyOnWriteArrayList<>();
    final List<LightningApi.InvoiceSubscription> subscriptions = new CopyOnWriteArrayList<>();
    final List<ServerCallStreamObserver<LightningApi.Invoice>> invoiceStreams = new CopyOnWriteArrayList<>();
    final AtomicInteger cancelledStreams = new AtomicInteger();

    volatile BiConsumer<RouterOuterClass.SendPaymentRequest, StreamObserver<LightningApi.Payment>> onSend =
            (r, o) -> o.onError(Status.UNIMPLEMENTED.asException());
    volatile BiConsumer<RouterOuterClass.TrackPaymentRequest, StreamObserver<LightningApi.Payment>> onTrack =
            (r, o) -> o.onError(Status.NOT_FOUND.withDescription("payment isn't initiated").asException());

    FakeLnd(String expectedMacaroonHex) throws IOException {
        this.expectedMacaroon = expectedMacaroonHex;
        ServerInterceptor auth = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
                // LND decodes the hex whatever its case (lightningj sends upper case).
                String macaroon = String.valueOf(headers.get(MACAROON)).toLowerCase(java.util.Locale.ROOT);
                macaroonsSeen.add(macaroon);
                methodsCalled.add(call.getMethodDescriptor().getFullMethodName());
                if (!expectedMacaroon.equals(macaroon)) {
                    call.close(Status.UNAUTHENTICATED.withDescription("verification failed: signature mismatch after caveat verification"),
                            new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.forServer(resource("lnd/tls.cert").toFile(), resource("lnd/tls.key").toFile()).build())
                .addService(ServerInterceptors.intercept(new Lightning(), auth))
                .addService(ServerInterceptors.intercept(new Router(), auth))
                .build()
                .start();
    }

    int port() {
        return server.getPort();
    }

    static Path resource(String name) {
        try {
            return Path.of(FakeLnd.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends an invoice update to every open invoice subscription, as LND does when one is added or settled. */
    void publish(LightningApi.Invoice invoice) {
        for (ServerCallStreamObserver<LightningApi.Invoice> stream : invoiceStreams) {
            if (!stream.isCancelled()) {
                stream.onNext(invoice);
            }
        }
    }

    /** Ends every invoice subscription with an error, as a restarting LND would. */
    void breakInvoiceStreams() {
        for (ServerCallStreamObserver<LightningApi.Invoice> stream : invoiceStreams) {
            invoiceStreams.remove(stream);
            stream.onError(Status.UNAVAILABLE.withDescription("lnd is shutting down").asException());
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private final class Lightning extends LightningGrpc.LightningImplBase {
        @Override
        public void getInfo(LightningApi.GetInfoRequest request, StreamObserver<LightningApi.GetInfoResponse> out) {
            out.onNext(LightningApi.GetInfoResponse.newBuilder().setIdentityPubkey(IDENTITY).setAlias("fake").setVersion("0.18.0-beta")
                    .build());
            out.onCompleted();
        }

        @Override
        public void channelBalance(LightningApi.ChannelBalanceRequest request, StreamObserver<LightningApi.ChannelBalanceResponse> out) {
            out.onNext(LightningApi.ChannelBalanceResponse.newBuilder()
                    .setLocalBalance(LightningApi.Amount.newBuilder().setSat(LOCAL_MSAT / 1000).setMsat(LOCAL_MSAT))
                    .setRemoteBalance(LightningApi.Amount.newBuilder().setSat(REMOTE_MSAT / 1000).setMsat(REMOTE_MSAT))
                    .build());
            out.onCompleted();
        }

        @Override
        public void addInvoice(LightningApi.Invoice request, StreamObserver<LightningApi.AddInvoiceResponse> out) {
            added.add(request);
            byte[] hash = LndNode.sha256(("preimage " + added.size()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.onNext(LightningApi.AddInvoiceResponse.newBuilder()
                    .setRHash(ByteString.copyFrom(hash))
                    .setPaymentRequest("lnbcrt-fake-" + HexFormat.of().formatHex(hash))
                    .setAddIndex(added.size())
                    .build());
            out.onCompleted();
        }

        @Override
        public void subscribeInvoices(LightningApi.InvoiceSubscription request, StreamObserver<LightningApi.Invoice> out) {
            subscriptions.add(request);
            ServerCallStreamObserver<LightningApi.Invoice> stream = (ServerCallStreamObserver<LightningApi.Invoice>) out;
            stream.setOnCancelHandler(() -> {
                invoiceStreams.remove(stream);
                cancelledStreams.incrementAndGet();
            });
            invoiceStreams.add(stream);
        }
    }

    private final class Router extends RouterGrpc.RouterImplBase {
        @Override
        public void sendPaymentV2(RouterOuterClass.SendPaymentRequest request, StreamObserver<LightningApi.Payment> out) {
            sent.add(request);
            onSend.accept(request, out);
        }

        @Override
        public void trackPaymentV2(RouterOuterClass.TrackPaymentRequest request, StreamObserver<LightningApi.Payment> out) {
            tracked.add(request);
            ((ServerCallStreamObserver<LightningApi.Payment>) out).setOnCancelHandler(cancelledStreams::incrementAndGet);
            onTrack.accept(request, out);
        }
    }
}
