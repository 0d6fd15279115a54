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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.bitcoinj.base.Sha256Hash;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.proto.LightningGrpc;
import org.lightningj.lnd.router.proto.RouterGrpc;
import org.lightningj.lnd.router.proto.RouterOuterClass;

/**
 * An LND on loopback, as far as the adapter talks to it: the Lightning and Router services of lightningj's own
 * generated stubs, behind TLS with the test certificate, and refusing any call whose {@code macaroon} metadata is
 * not the expected one. It records what it received; tests script the payment streams. It keeps the invoices it
 * issued, which {@link #settle} pays and LookupInvoice reports, unless a test scripts the lookups.
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
    final List<LightningApi.PaymentHash> lookedUp = new CopyOnWriteArrayList<>();
    /** The invoices it issued, by hex payment hash, as LookupInvoice answers them. */
    private final Map<String, LightningApi.Invoice> invoices = new ConcurrentHashMap<>();
    final List<LightningApi.InvoiceSubscription> subscriptions = new CopyOnWriteArrayList<>();
    final List<ServerCallStreamObserver<LightningApi.Invoice>> invoiceStreams = new CopyOnWriteArrayList<>();
    final AtomicInteger cancelledStreams = new AtomicInteger();

    volatile BiConsumer<RouterOuterClass.SendPaymentRequest, StreamObserver<LightningApi.Payment>> onSend =
            (r, o) -> o.onError(Status.UNIMPLEMENTED.asException());
    volatile BiConsumer<RouterOuterClass.TrackPaymentRequest, StreamObserver<LightningApi.Payment>> onTrack =
            (r, o) -> o.onError(Status.NOT_FOUND.withDescription("payment isn't initiated").asException());
    volatile BiConsumer<LightningApi.PaymentHash, StreamObserver<LightningApi.Invoice>> onLookup = (r, o) -> {
        LightningApi.Invoice known = invoices.get(HexFormat.of().formatHex(r.getRHash().toByteArray()));
        if (known == null) {
            o.onError(Status.NOT_FOUND.withDescription("unable to locate invoice").asException());
        } else {
            o.onNext(known);
            o.onCompleted();
        }
    };

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

    /** Pays an invoice it issued, as a payer's HTLCs settling it would. */
    void settle(byte[] paymentHash, long paidMsat) {
        invoices.computeIfPresent(HexFormat.of().formatHex(paymentHash), (h, i) -> i.toBuilder()
                .setState(LightningApi.Invoice.InvoiceState.SETTLED).setAmtPaidMsat(paidMsat).setSettleDate(i.getCreationDate() + 1)
                .build());
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
            byte[] hash = Sha256Hash.hash(("preimage " + added.size()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String paymentRequest = "lnbcrt-fake-" + HexFormat.of().formatHex(hash);
            invoices.put(HexFormat.of().formatHex(hash), request.toBuilder()
                    .setRHash(ByteString.copyFrom(hash))
                    .setPaymentRequest(paymentRequest)
                    .setCreationDate(System.currentTimeMillis() / 1000)
                    .setState(LightningApi.Invoice.InvoiceState.OPEN)
                    .setAddIndex(added.size())
                    .build());
            out.onNext(LightningApi.AddInvoiceResponse.newBuilder()
                    .setRHash(ByteString.copyFrom(hash))
                    .setPaymentRequest(paymentRequest)
                    .setAddIndex(added.size())
                    .build());
            out.onCompleted();
        }

        @Override
        public void lookupInvoice(LightningApi.PaymentHash request, StreamObserver<LightningApi.Invoice> out) {
            lookedUp.add(request);
            onLookup.accept(request, out);
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
