package club.micromining.lightning.lnd;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.bolt11.Bolt11Invoice;
import club.micromining.lightning.lnd.LndSettings.InvalidSetting;
import club.micromining.lightning.lnd.LndSettings.Setting;
import club.micromining.lightning.node.Balances;
import club.micromining.lightning.node.Invoice;
import club.micromining.lightning.node.LightningNode;
import club.micromining.lightning.node.Payment;
import club.micromining.lightning.node.PaymentRefusedException;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.bitcoinj.base.Sha256Hash;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.wrapper.AsynchronousLndAPI;
import org.lightningj.lnd.wrapper.ClientSideException;
import org.lightningj.lnd.wrapper.MacaroonClientInterceptor;
import org.lightningj.lnd.wrapper.StaticFileMacaroonContext;
import org.lightningj.lnd.wrapper.StatusException;
import org.lightningj.lnd.wrapper.ValidationException;
import org.lightningj.lnd.wrapper.message.FeatureBit;
import org.lightningj.lnd.wrapper.message.InvoiceSubscription;
import org.lightningj.lnd.wrapper.message.PaymentHash;
import org.lightningj.lnd.wrapper.router.AsynchronousRouterAPI;
import org.lightningj.lnd.wrapper.router.message.SendPaymentRequest;
import org.lightningj.lnd.wrapper.router.message.TrackPaymentRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's Lightning node as a real LND, over gRPC with TLS and a macaroon (lightningj's asynchronous API).
 * Payments go through LND's router ({@code SendPaymentV2} / {@code TrackPaymentV2}); LND itself refuses a
 * second payment for a hash it already paid or is paying, which is what keeps a payout from being sent twice.
 */
public final class LndNode implements LightningNode {
    private static final Logger log = LoggerFactory.getLogger(LndNode.class);
    private static final HexFormat HEX = HexFormat.of();
    /** The onion TLV record that carries a keysend's preimage (bLIP 3). */
    static final long KEYSEND_RECORD = 5482373484L;
    /**
     * LND stops trying new routes when the payment's timeout is over, and needs a moment more to report the
     * failure; after this margin the answer is "unknown" and the caller looks the payment up.
     */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(10);
    private static final Duration RESUBSCRIBE_DELAY = Duration.ofSeconds(5);
    private static final Duration RESUBSCRIBE_MAX_DELAY = Duration.ofMinutes(5);

    private final ManagedChannel channel;
    private final AsynchronousLndAPI lnd;
    private final AsynchronousRouterAPI router;
    private final byte[] identityKey;
    private final Duration callTimeout;
    private final Set<InvoiceWatch> watches = ConcurrentHashMap.newKeySet();

    private LndNode(ManagedChannel channel, AsynchronousLndAPI lnd, byte[] identityKey, Duration callTimeout) {
        this.channel = channel;
        this.callTimeout = callTimeout;
        this.lnd = lnd;
        this.router = new AsynchronousRouterAPI(channel);
        this.identityKey = identityKey;
    }

    /**
     * Opens the connection and asks LND who it is, so a wrong setting stops start-up here rather than at the
     * first payout.
     *
     * @throws InvalidSetting naming the setting that is wrong: a file that cannot be read, a certificate LND
     *                        does not present, a macaroon LND refuses, or a host and port where no LND answers
     */
    public static LndNode connect(LndSettings settings, Duration timeout) {
        SslContext tls = trust(settings.tlsCert());
        StaticFileMacaroonContext macaroon = macaroon(settings.macaroon());
        ManagedChannel channel = NettyChannelBuilder.forAddress(settings.host(), settings.port())
                .sslContext(tls)
                .intercept(new MacaroonClientInterceptor(macaroon))
                .build();
        AsynchronousLndAPI lnd = new AsynchronousLndAPI(channel);
        try {
            LightningApi.GetInfoResponse info = LndNode.<org.lightningj.lnd.wrapper.message.GetInfoResponse>unary("GetInfo", timeout,
                    lnd::getInfo).get().getApiObject();
            return new LndNode(channel, lnd, HEX.parseHex(info.getIdentityPubkey()), settings.callTimeout());
        } catch (ExecutionException e) {
            channel.shutdownNow();
            throw connectionProblem(settings, e.getCause());
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to LND", e);
        } catch (RuntimeException e) {
            channel.shutdownNow();
            throw e;
        }
    }

    private static SslContext trust(Path cert) {
        if (cert.toString().isEmpty()) {
            throw new InvalidSetting(Setting.TLS_CERT, "is empty; give the path of LND's tls.cert", null);
        }
        if (!Files.isRegularFile(cert) || !Files.isReadable(cert)) {
            throw new InvalidSetting(Setting.TLS_CERT, "cannot read LND's certificate at " + cert.toAbsolutePath(), null);
        }
        try {
            return GrpcSslContexts.forClient().trustManager(cert.toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new InvalidSetting(Setting.TLS_CERT, cert.toAbsolutePath() + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static StaticFileMacaroonContext macaroon(Path file) {
        if (file.toString().isEmpty()) {
            throw new InvalidSetting(Setting.MACAROON, "is empty; give the path of a macaroon such as LND's admin.macaroon", null);
        }
        try {
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                return new StaticFileMacaroonContext(file.toFile());
            }
        } catch (java.io.IOException | ClientSideException e) {
            throw new InvalidSetting(Setting.MACAROON, "cannot read the macaroon at " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        throw new InvalidSetting(Setting.MACAROON, "no macaroon at " + file.toAbsolutePath() + " (missing or empty file)", null);
    }

    /** Which setting a failed first call points at: the macaroon, the certificate, or the address. */
    private static InvalidSetting connectionProblem(LndSettings settings, Throwable error) {
        Status status = statusOf(error);
        String where = settings.host() + ":" + settings.port();
        String what = describe(status, error);
        if (status.getCode() == Status.Code.UNAUTHENTICATED || status.getCode() == Status.Code.PERMISSION_DENIED
                || what.contains("macaroon") || what.contains("verification failed")) {
            return new InvalidSetting(Setting.MACAROON, "LND at " + where + " refused the macaroon " + settings.macaroon().toAbsolutePath()
                    + ": " + what, error);
        }
        if (causedBy(error, SSLException.class) || causedBy(error, CertificateException.class)) {
            return new InvalidSetting(Setting.TLS_CERT, "the TLS handshake with " + where + " failed; is "
                    + settings.tlsCert().toAbsolutePath() + " that LND's tls.cert? " + what, error);
        }
        return new InvalidSetting(Setting.HOST, "cannot use LND at " + where + " (" + Setting.PORT.env() + " sets the port): "
                + what, error);
    }

    // ------------------------------------------------------------ payments

    @Override
    public CompletionStage<Payment> pay(String bolt11, long feeLimitMsat, Duration timeout) {
        Bolt11Invoice invoice;
        try {
            invoice = LightningNode.payable(bolt11);
        } catch (PaymentRefusedException e) {
            return CompletableFuture.failedFuture(e);
        }
        SendPaymentRequest request = new SendPaymentRequest();
        request.setPaymentRequest(bolt11);
        return send(request, invoice.paymentHash(), feeLimitMsat, timeout);
    }

    @Override
    public CompletionStage<Payment> keysend(byte[] destination, long amountMsat, byte[] preimage, long feeLimitMsat,
                                            Duration timeout) {
        if (destination.length != 33 || preimage.length != 32) {
            return CompletableFuture.failedFuture(new PaymentRefusedException(
                    "a keysend needs a 33-byte node key and a 32-byte preimage", false));
        }
        byte[] hash = Sha256Hash.hash(preimage);
        SendPaymentRequest request = new SendPaymentRequest();
        request.setDest(destination);
        request.setAmtMsat(amountMsat);
        request.setPaymentHash(hash);
        request.setDestCustomRecords(Map.of(KEYSEND_RECORD, preimage));
        // LND before 0.18 sends custom records only to nodes it knows speak TLV onions; an unannounced peer has
        // no known features, so say it does (every node has for years; 0.18 assumes it anyway).
        request.setDestFeatures(List.of(FeatureBit.TLV_ONION_OPT));
        return send(request, hash, feeLimitMsat, timeout);
    }

    /**
     * Starts the payment and completes with its final state. The stream is cancelled once answered or after
     * the timeout; that does not stop the payment in LND, whose outcome {@link #lookupPayment} then tells.
     */
    private CompletionStage<Payment> send(SendPaymentRequest request, byte[] hash, long feeLimitMsat, Duration timeout) {
        request.setFeeLimitMsat(feeLimitMsat);
        request.setTimeoutSeconds((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds())));
        request.setNoInflightUpdates(true);
        CompletableFuture<Payment> result = new CompletableFuture<>();
        Context.CancellableContext stream = Context.ROOT.withCancellation();
        stream.run(() -> {
            try {
                router.sendPaymentV2(request, new StreamObserver<>() {
                    @Override
                    public void onNext(org.lightningj.lnd.wrapper.message.Payment update) {
                        Payment p = payment(hash, update.getApiObject());
                        if (p.status() != Payment.Status.IN_FLIGHT) {
                            result.complete(p);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(sendError(hash, t));
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(new IllegalStateException("LND closed the stream of payment "
                                + HEX.formatHex(hash) + " before it finished; its outcome is unknown"));
                    }
                });
            } catch (ValidationException e) {
                result.completeExceptionally(new PaymentRefusedException("the payment request is not valid: " + e.getMessage(), false));
            } catch (StatusException e) {
                result.completeExceptionally(sendError(hash, e));
            }
        });
        long limit = timeout.plus(ANSWER_MARGIN).toMillis();
        CompletableFuture.delayedExecutor(limit, TimeUnit.MILLISECONDS).execute(() -> result.completeExceptionally(
                new TimeoutException("payment " + HEX.formatHex(hash) + " still in flight after " + limit + " ms")));
        result.whenComplete((p, e) -> stream.cancel(null));
        return result;
    }

    /**
     * What a failed {@code SendPaymentV2} means: LND already has this hash (look it up), LND refused the
     * request before starting it (nothing was sent), or anything else, where the payment may have started.
     */
    private static Throwable sendError(byte[] hash, Throwable error) {
        Status status = statusOf(error);
        String what = describe(status, error);
        String lower = what.toLowerCase(Locale.ROOT);
        // Older LND versions sent these without the ALREADY_EXISTS code.
        if (status.getCode() == Status.Code.ALREADY_EXISTS || lower.contains("invoice is already paid")
                || lower.contains("payment is in transition") || lower.contains("payment already exists")) {
            return new PaymentRefusedException("LND already has a payment for " + HEX.formatHex(hash) + ": " + what, true);
        }
        return switch (status.getCode()) {
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE, UNAUTHENTICATED, PERMISSION_DENIED, UNIMPLEMENTED ->
                    new PaymentRefusedException("LND refused the payment: " + what, false);
            default -> new IllegalStateException("payment " + HEX.formatHex(hash) + " may or may not have started: " + what, error);
        };
    }

    @Override
    public CompletionStage<Optional<Payment>> lookupPayment(byte[] paymentHash) {
        TrackPaymentRequest request = new TrackPaymentRequest();
        request.setPaymentHash(paymentHash);
        // LND answers a tracking stream with the current state first; that first answer is all a lookup needs.
        request.setNoInflightUpdates(false);
        CompletableFuture<Optional<Payment>> result = new CompletableFuture<>();
        Context.CancellableContext stream = Context.ROOT.withCancellation();
        stream.run(() -> {
            try {
                router.trackPaymentV2(request, new StreamObserver<>() {
                    @Override
                    public void onNext(org.lightningj.lnd.wrapper.message.Payment update) {
                        result.complete(Optional.of(payment(paymentHash, update.getApiObject())));
                    }

                    @Override
                    public void onError(Throwable t) {
                        Status status = statusOf(t);
                        String what = describe(status, t);
                        if (status.getCode() == Status.Code.NOT_FOUND || what.contains("payment isn't initiated")) {
                            result.complete(Optional.empty());
                        } else {
                            result.completeExceptionally(new IllegalStateException(
                                    "LND could not look up payment " + HEX.formatHex(paymentHash) + ": " + what, t));
                        }
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(new IllegalStateException(
                                "LND closed the lookup of payment " + HEX.formatHex(paymentHash) + " without an answer"));
                    }
                });
            } catch (StatusException | ValidationException e) {
                result.completeExceptionally(e);
            }
        });
        timeoutAfter(result, callTimeout, "TrackPaymentV2");
        result.whenComplete((p, e) -> stream.cancel(null));
        return result;
    }

    /**
     * LND's payment as the pool's. Any status but SUCCEEDED and FAILED is "in flight": that includes LND
     * 0.18's INITIATED, which lightningj 0.17's protos do not know (hence the raw status number).
     */
    static Payment payment(byte[] hash, LightningApi.Payment p) {
        return switch (p.getStatusValue()) {
            case LightningApi.Payment.PaymentStatus.SUCCEEDED_VALUE -> new Payment(hash, Payment.Status.SUCCEEDED,
                    p.getValueMsat(), p.getFeeMsat(), HEX.parseHex(p.getPaymentPreimage()), null);
            case LightningApi.Payment.PaymentStatus.FAILED_VALUE -> new Payment(hash, Payment.Status.FAILED,
                    p.getValueMsat(), 0, null, failureReason(p.getFailureReasonValue()));
            default -> new Payment(hash, Payment.Status.IN_FLIGHT, p.getValueMsat(), 0, null, null);
        };
    }

    private static String failureReason(int number) {
        LightningApi.PaymentFailureReason reason = LightningApi.PaymentFailureReason.forNumber(number);
        return reason == null
                ? "LND failure reason " + number
                : reason.name().replace("FAILURE_REASON_", "").replace('_', ' ').toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------ invoices, balances, identity

    @Override
    public CompletionStage<Invoice> createInvoice(long amountMsat, String description, byte[] descriptionHash, Duration expiry) {
        org.lightningj.lnd.wrapper.message.Invoice request = new org.lightningj.lnd.wrapper.message.Invoice();
        request.setValueMsat(amountMsat);
        if (descriptionHash != null) {
            request.setDescriptionHash(descriptionHash);
        } else {
            request.setMemo(description);
        }
        request.setExpiry(expiry.toSeconds());
        // LND's answer has no creation date; it dates the invoice in whole seconds on receipt, so this is at most
        // a moment early.
        long expiresAtMillis = (System.currentTimeMillis() / 1000 + expiry.toSeconds()) * 1000;
        return LndNode.<org.lightningj.lnd.wrapper.message.AddInvoiceResponse>unary("AddInvoice", callTimeout,
                        o -> lnd.addInvoice(request, o))
                .thenApply(r -> new Invoice(r.getPaymentRequest(), r.getRHash(), amountMsat, Invoice.State.OPEN, expiresAtMillis));
    }

    @Override
    public CompletionStage<Optional<Invoice>> lookupInvoice(byte[] paymentHash) {
        PaymentHash request = new PaymentHash();
        request.setRHash(paymentHash);
        return LndNode.<org.lightningj.lnd.wrapper.message.Invoice>unary("LookupInvoice", callTimeout,
                        o -> lnd.lookupInvoice(request, o))
                .handle((found, error) -> {
                    if (error == null) {
                        return Optional.of(invoice(found.getApiObject()));
                    }
                    Status status = statusOf(error);
                    String what = describe(status, error);
                    // Without the NOT_FOUND code LND says so in words; a node that never issued any invoice has its own.
                    if (status.getCode() == Status.Code.NOT_FOUND || what.contains("unable to locate invoice")
                            || what.contains("there are no existing invoices")) {
                        return Optional.empty();
                    }
                    throw new CompletionException(new IllegalStateException(
                            "LND could not look up invoice " + HEX.formatHex(paymentHash) + ": " + what, error));
                });
    }

    /**
     * LND's invoice as the pool's. ACCEPTED (the payment's HTLCs are held, not yet settled) is still open; LND
     * cancels an unpaid invoice itself once it expires.
     */
    private static Invoice invoice(LightningApi.Invoice i) {
        long expiresAtMillis = (i.getCreationDate() + i.getExpiry()) * 1000;
        byte[] hash = i.getRHash().toByteArray();
        return switch (i.getStateValue()) {
            case LightningApi.Invoice.InvoiceState.SETTLED_VALUE ->
                    new Invoice(i.getPaymentRequest(), hash, i.getAmtPaidMsat(), Invoice.State.SETTLED, expiresAtMillis);
            case LightningApi.Invoice.InvoiceState.CANCELED_VALUE ->
                    new Invoice(i.getPaymentRequest(), hash, i.getValueMsat(), Invoice.State.CANCELED, expiresAtMillis);
            default -> new Invoice(i.getPaymentRequest(), hash, i.getValueMsat(), Invoice.State.OPEN, expiresAtMillis);
        };
    }

    @Override
    public AutoCloseable watchSettledInvoices(Consumer<Invoice> settled) {
        InvoiceWatch watch = new InvoiceWatch(settled);
        watches.add(watch);
        watch.subscribe();
        return watch;
    }

    @Override
    public CompletionStage<Balances> balances() {
        return LndNode.<org.lightningj.lnd.wrapper.message.ChannelBalanceResponse>unary("ChannelBalance", callTimeout, lnd::channelBalance)
                .thenApply(r -> {
                    LightningApi.ChannelBalanceResponse b = r.getApiObject();
                    return new Balances(b.getLocalBalance().getMsat(), b.getRemoteBalance().getMsat());
                });
    }

    @Override
    public byte[] identityKey() {
        return identityKey.clone();
    }

    @Override
    public void close() {
        watches.forEach(InvoiceWatch::close);
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The invoice stream, subscribed again when it breaks (LND restarting): from the last settle index seen,
     * so that invoices settled in between are still reported. A stream that keeps failing (a macaroon without
     * invoice permission) is retried less and less often.
     */
    private final class InvoiceWatch implements AutoCloseable, StreamObserver<org.lightningj.lnd.wrapper.message.Invoice> {
        private final Consumer<Invoice> settled;
        private volatile boolean closed;
        private volatile long settleIndex;
        private volatile int failures;
        private volatile Context.CancellableContext stream;

        InvoiceWatch(Consumer<Invoice> settled) {
            this.settled = settled;
        }

        synchronized void subscribe() {
            if (closed) {
                return;
            }
            InvoiceSubscription request = new InvoiceSubscription();
            request.setSettleIndex(settleIndex);
            stream = Context.ROOT.withCancellation();
            stream.run(() -> {
                try {
                    lnd.subscribeInvoices(request, this);
                } catch (StatusException | ValidationException e) {
                    onError(e);
                }
            });
        }

        @Override
        public void onNext(org.lightningj.lnd.wrapper.message.Invoice update) {
            failures = 0;
            LightningApi.Invoice i = update.getApiObject();
            if (closed || i.getStateValue() != LightningApi.Invoice.InvoiceState.SETTLED_VALUE) {
                return;
            }
            settleIndex = Math.max(settleIndex, i.getSettleIndex());
            try {
                settled.accept(invoice(i));
            } catch (RuntimeException e) {
                // One failing callback must not end the stream for every later invoice.
                log.warn("Handling settled invoice {} failed: {}", HEX.formatHex(i.getRHash().toByteArray()), e.toString());
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!closed) {
                long delay = Math.min(RESUBSCRIBE_MAX_DELAY.toMillis(), RESUBSCRIBE_DELAY.toMillis() << Math.min(failures++, 10));
                log.warn("LND's invoice stream broke ({}); subscribing again in {} s", describe(statusOf(t), t), delay / 1000);
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(this::subscribe);
            }
        }

        @Override
        public void onCompleted() {
            onError(Status.UNAVAILABLE.withDescription("LND ended the stream").asException());
        }

        @Override
        public synchronized void close() {
            closed = true;
            watches.remove(this);
            if (stream != null) {
                stream.cancel(null);
            }
        }
    }

    // ------------------------------------------------------------ calls

    @FunctionalInterface
    private interface Call<T> {
        void start(StreamObserver<T> observer) throws StatusException, ValidationException;
    }

    /** One request, one answer, bounded in time; the call is cancelled in LND if no answer comes. */
    private static <T> CompletableFuture<T> unary(String method, Duration timeout, Call<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Context.CancellableContext context = Context.ROOT.withCancellation();
        context.run(() -> {
            try {
                call.start(new StreamObserver<>() {
                    @Override
                    public void onNext(T value) {
                        result.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                        result.completeExceptionally(new IllegalStateException(method + ": LND sent no answer"));
                    }
                });
            } catch (StatusException | ValidationException e) {
                result.completeExceptionally(e);
            }
        });
        timeoutAfter(result, timeout, method);
        result.whenComplete((v, e) -> context.cancel(null));
        return result;
    }

    private static void timeoutAfter(CompletableFuture<?> result, Duration timeout, String method) {
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> result.completeExceptionally(
                new TimeoutException(method + ": no answer from LND within " + timeout.toMillis() + " ms")));
    }

    /** The gRPC status of a failure, which lightningj wraps in its own exceptions. */
    private static Status statusOf(Throwable error) {
        Throwable e = Failures.unwrap(error);
        if (e instanceof StatusException wrapped && wrapped.getStatus() != null) {
            return wrapped.getStatus();
        }
        return Status.fromThrowable(e);
    }

    private static String describe(Status status, Throwable error) {
        StringBuilder s = new StringBuilder(status.getCode().name());
        if (status.getDescription() != null) {
            s.append(": ").append(status.getDescription());
        } else if (status.getCode() == Status.Code.UNKNOWN && error.getMessage() != null) {
            s.append(": ").append(error.getMessage());
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error && root.getMessage() != null && !s.toString().contains(root.getMessage())) {
            s.append(" (").append(root.getMessage()).append(')');
        }
        return s.toString();
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (type.isInstance(e)) {
                return true;
            }
        }
        return false;
    }
}
