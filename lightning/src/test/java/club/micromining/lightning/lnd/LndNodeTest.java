package club.micromining.lightning.lnd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.lightning.bolt11.Bolt11Invoice;
import club.micromining.lightning.node.Invoice;
import club.micromining.lightning.node.Payment;
import club.micromining.lightning.node.PaymentRefusedException;
import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lightningj.lnd.proto.LightningApi;
import org.lightningj.lnd.router.proto.RouterOuterClass;

class LndNodeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** LND 0.18's Payment.PaymentStatus INITIATED, which lightningj 0.17's protos do not have. */
    private static final int INITIATED = 4;

    @TempDir
    Path dir;
    private Path macaroon;
    private FakeLnd lnd;
    private LndNode node;

    @BeforeEach
    void start() throws Exception {
        macaroon = dir.resolve("admin.macaroon");
        byte[] secret = ("0201036c6e6402" + "test macaroon").getBytes(StandardCharsets.UTF_8);
        Files.write(macaroon, secret);
        lnd = new FakeLnd(HEX.formatHex(secret));
        node = LndNode.connect(settings(FakeLnd.resource("lnd/tls.cert"), macaroon), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
        lnd.close();
    }

    private LndSettings settings(Path cert, Path macaroonFile) {
        return new LndSettings("localhost", lnd.port(), cert, macaroonFile, Duration.ofSeconds(30));
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("completed normally");
    }

    private static byte[] bytes(int fill) {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    /** A real BOLT 11 request of some other node, for {@code hash}. */
    private static String invoiceFor(byte[] hash, long amountMsat) {
        return Bolt11Invoice.encode("bcrt", amountMsat, System.currentTimeMillis() / 1000, hash, bytes(9), "payout", null, 3600,
                BigInteger.ONE.shiftLeft(8).or(BigInteger.ONE.shiftLeft(14)), new ECKey());
    }

    private static LightningApi.Payment.Builder lndPayment(byte[] hash, int status, long valueMsat) {
        return LightningApi.Payment.newBuilder().setPaymentHash(HEX.formatHex(hash)).setStatusValue(status).setValueMsat(valueMsat)
                .setValueSat(valueMsat / 1000);
    }

    private static void answer(StreamObserver<LightningApi.Payment> out, LightningApi.Payment.Builder... updates) {
        for (LightningApi.Payment.Builder u : updates) {
            out.onNext(u.build());
        }
        out.onCompleted();
    }

    // ------------------------------------------------------------ connection

    @Test
    void connectsOverTlsAndSendsTheMacaroonWithEveryCall() throws Exception {
        assertThat(node.identityKey()).isEqualTo(HEX.parseHex(FakeLnd.IDENTITY));
        assertThat(get(node.balances())).isEqualTo(new club.micromining.lightning.node.Balances(FakeLnd.LOCAL_MSAT, FakeLnd.REMOTE_MSAT));

        assertThat(lnd.methodsCalled).containsExactly("lnrpc.Lightning/GetInfo", "lnrpc.Lightning/ChannelBalance");
        assertThat(lnd.macaroonsSeen).hasSize(2)
                .allSatisfy(m -> assertThat(m).isEqualTo(HEX.formatHex(Files.readAllBytes(macaroon))));
    }

    @Test
    void aMacaroonLndRefusesStopsTheConnectionNamingTheSetting() throws Exception {
        Path wrong = dir.resolve("readonly.macaroon");
        Files.write(wrong, "some other macaroon".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> LndNode.connect(settings(FakeLnd.resource("lnd/tls.cert"), wrong), Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(LndSettings.InvalidSetting.class, e -> {
                    assertThat(e.setting()).isEqualTo(LndSettings.Setting.MACAROON);
                    assertThat(e.getMessage()).contains("micromining.lightning.lnd.macaroon", "POOL_LND_MACAROON", "UNAUTHENTICATED",
                            wrong.toString());
                });
        assertThat(lnd.macaroonsSeen).contains(HEX.formatHex("some other macaroon".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void missingFilesAreNamedBeforeAnyConnection() {
        int callsBefore = lnd.methodsCalled.size();
        assertThatThrownBy(() -> LndNode.connect(settings(dir.resolve("no-such.cert"), macaroon), TIMEOUT))
                .isInstanceOfSatisfying(LndSettings.InvalidSetting.class,
                        e -> assertThat(e.setting()).isEqualTo(LndSettings.Setting.TLS_CERT))
                .hasMessageContaining("POOL_LND_TLS_CERT").hasMessageContaining("no-such.cert");
        assertThatThrownBy(() -> LndNode.connect(settings(FakeLnd.resource("lnd/tls.cert"), dir.resolve("none.macaroon")), TIMEOUT))
                .isInstanceOfSatisfying(LndSettings.InvalidSetting.class,
                        e -> assertThat(e.setting()).isEqualTo(LndSettings.Setting.MACAROON))
                .hasMessageContaining("POOL_LND_MACAROON").hasMessageContaining("none.macaroon");
        assertThatThrownBy(() -> LndNode.connect(settings(Path.of(""), macaroon), TIMEOUT))
                .isInstanceOfSatisfying(LndSettings.InvalidSetting.class,
                        e -> assertThat(e.setting()).isEqualTo(LndSettings.Setting.TLS_CERT))
                .hasMessageContaining("is empty");
        assertThatThrownBy(() -> LndNode.connect(settings(macaroon, macaroon), TIMEOUT))
                .isInstanceOfSatisfying(LndSettings.InvalidSetting.class,
                        e -> assertThat(e.setting()).isEqualTo(LndSettings.Setting.TLS_CERT))
                .hasMessageContaining("not a PEM certificate");
        assertThat(lnd.methodsCalled).hasSize(callsBefore);
    }

    @Test
    void anotherNodesCertificateFailsTheHandshakeNamingTheCertificate() {
        assertThatThrownBy(() -> LndNode.connect(settings(FakeLnd.resource("lnd/other-tls.cert"), macaroon), Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(LndSettings.InvalidSetting.class,
                        e -> assertThat(e.setting()).isEqualTo(LndSettings.Setting.TLS_CERT))
                .hasMessageContaining("TLS handshake");
    }

    @Test
    void noLndAtTheAddressNamesTheHost() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> LndNode.connect(new LndSettings("localhost", closed, FakeLnd.resource("lnd/tls.cert"), macaroon, Duration.ofSeconds(30)),
                Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(LndSettings.InvalidSetting.class,
                        e -> assertThat(e.setting()).isEqualTo(LndSettings.Setting.HOST))
                .hasMessageContaining("localhost:" + closed).hasMessageContaining("UNAVAILABLE");
    }

    // ------------------------------------------------------------ payments

    @Test
    void paysAnInvoiceAndReturnsThePreimageAndFee() throws Exception {
        byte[] preimage = bytes(1);
        byte[] hash = Sha256Hash.hash(preimage);
        String bolt11 = invoiceFor(hash, 21_000);
        lnd.onSend = (r, out) -> answer(out, lndPayment(hash, 2, 21_000).setFeeMsat(17).setFeeSat(0)
                .setPaymentPreimage(HEX.formatHex(preimage)));

        Payment p = get(node.pay(bolt11, 500, Duration.ofSeconds(45)));

        assertThat(p.status()).isEqualTo(Payment.Status.SUCCEEDED);
        assertThat(p.preimage()).isEqualTo(preimage);
        assertThat(p.feeMsat()).isEqualTo(17);
        assertThat(p.amountMsat()).isEqualTo(21_000);
        assertThat(p.paymentHash()).isEqualTo(hash);
        RouterOuterClass.SendPaymentRequest sent = lnd.sent.get(0);
        assertThat(sent.getPaymentRequest()).isEqualTo(bolt11);
        assertThat(sent.getFeeLimitMsat()).isEqualTo(500);
        assertThat(sent.getTimeoutSeconds()).isEqualTo(45);
        assertThat(sent.getNoInflightUpdates()).isTrue();
        assertThat(sent.getDest().isEmpty()).isTrue();
        assertThat(sent.getDestCustomRecordsMap()).isEmpty();
    }

    @Test
    void aFailedPaymentCarriesLndsReason() throws Exception {
        byte[] hash = Sha256Hash.hash(bytes(2));
        lnd.onSend = (r, out) -> answer(out, lndPayment(hash, 3, 5_000)
                .setFailureReason(LightningApi.PaymentFailureReason.FAILURE_REASON_NO_ROUTE));

        Payment p = get(node.pay(invoiceFor(hash, 5_000), 10, TIMEOUT));

        assertThat(p.status()).isEqualTo(Payment.Status.FAILED);
        assertThat(p.failure()).isEqualTo("no route");
        assertThat(p.preimage()).isNull();
        assertThat(p.feeMsat()).isZero();
    }

    @Test
    void waitsThroughInFlightUpdatesForTheFinalState() throws Exception {
        byte[] preimage = bytes(3);
        byte[] hash = Sha256Hash.hash(preimage);
        lnd.onSend = (r, out) -> new Thread(() -> {
            out.onNext(lndPayment(hash, INITIATED, 8_000).build());
            out.onNext(lndPayment(hash, 1, 8_000).build());
            sleep(200);
            out.onNext(lndPayment(hash, 1, 8_000).setFeeMsat(3).build());
            sleep(200);
            answer(out, lndPayment(hash, 2, 8_000).setFeeMsat(3).setPaymentPreimage(HEX.formatHex(preimage)));
        }).start();

        Payment p = get(node.pay(invoiceFor(hash, 8_000), 100, TIMEOUT));

        assertThat(p.status()).isEqualTo(Payment.Status.SUCCEEDED);
        assertThat(p.preimage()).isEqualTo(preimage);
        assertThat(p.feeMsat()).isEqualTo(3);
    }

    @Test
    void aHashLndAlreadyPaidOrIsPayingIsRefusedAsAlreadyKnown() {
        byte[] hash = Sha256Hash.hash(bytes(4));
        lnd.onSend = (r, out) -> out.onError(Status.ALREADY_EXISTS.withDescription("invoice is already paid").asException());
        Throwable paid = failure(node.pay(invoiceFor(hash, 1_000), 10, TIMEOUT));
        assertThat(paid).isInstanceOf(PaymentRefusedException.class).hasMessageContaining("invoice is already paid");
        assertThat(((PaymentRefusedException) paid).alreadyKnown()).isTrue();

        // Older LND: the same refusal without the ALREADY_EXISTS code.
        lnd.onSend = (r, out) -> out.onError(Status.UNKNOWN.withDescription("payment is in transition").asException());
        Throwable inFlight = failure(node.keysend(HEX.parseHex(FakeLnd.IDENTITY), 1_000, bytes(5), 10, TIMEOUT));
        assertThat(inFlight).isInstanceOf(PaymentRefusedException.class);
        assertThat(((PaymentRefusedException) inFlight).alreadyKnown()).isTrue();
    }

    @Test
    void aRequestLndRejectsIsRefusedAndABadInvoiceNeverReachesLnd() {
        lnd.onSend = (r, out) -> out.onError(Status.INVALID_ARGUMENT.withDescription("fee limit too low").asException());
        Throwable rejected = failure(node.pay(invoiceFor(bytes(6), 1_000), 0, TIMEOUT));
        assertThat(rejected).isInstanceOf(PaymentRefusedException.class).hasMessageContaining("fee limit too low");
        assertThat(((PaymentRefusedException) rejected).alreadyKnown()).isFalse();
        assertThat(lnd.sent).hasSize(1);

        Throwable garbage = failure(node.pay("lnbcrt1notaninvoice", 10, TIMEOUT));
        assertThat(garbage).isInstanceOf(PaymentRefusedException.class).hasMessageContaining("invalid invoice");
        assertThat(((PaymentRefusedException) garbage).alreadyKnown()).isFalse();
        assertThat(lnd.sent).hasSize(1);
    }

    @Test
    void anErrorAfterThePaymentMayHaveStartedIsNotARefusal() {
        lnd.onSend = (r, out) -> out.onError(Status.UNKNOWN.withDescription("server shutting down").asException());

        Throwable unknown = failure(node.pay(invoiceFor(bytes(7), 1_000), 10, TIMEOUT));

        assertThat(unknown).isNotInstanceOf(PaymentRefusedException.class).hasMessageContaining("server shutting down");
    }

    @Test
    void keysendCarriesThePreimageInTheKeysendRecordAndPaysItsHash() throws Exception {
        byte[] destination = HEX.parseHex("03" + "cd".repeat(32));
        byte[] preimage = bytes(8);
        lnd.onSend = (r, out) -> answer(out, lndPayment(r.getPaymentHash().toByteArray(), 2, r.getAmtMsat())
                .setFeeMsat(1).setPaymentPreimage(HEX.formatHex(r.getDestCustomRecordsOrThrow(5482373484L).toByteArray())));

        Payment p = get(node.keysend(destination, 12_345, preimage, 50, Duration.ofSeconds(20)));

        RouterOuterClass.SendPaymentRequest sent = lnd.sent.get(0);
        assertThat(sent.getDest().toByteArray()).isEqualTo(destination);
        assertThat(sent.getAmtMsat()).isEqualTo(12_345);
        assertThat(sent.getAmt()).isZero();
        assertThat(sent.getPaymentHash().toByteArray()).isEqualTo(Sha256Hash.hash(preimage));
        assertThat(sent.getDestCustomRecordsMap()).containsOnlyKeys(5482373484L);
        assertThat(sent.getDestCustomRecordsMap().get(5482373484L).toByteArray()).isEqualTo(preimage);
        assertThat(sent.getDestFeaturesList()).contains(LightningApi.FeatureBit.TLV_ONION_OPT);
        assertThat(sent.getFeeLimitMsat()).isEqualTo(50);
        assertThat(sent.getTimeoutSeconds()).isEqualTo(20);
        assertThat(sent.getPaymentRequest()).isEmpty();
        assertThat(p.settled()).isTrue();
        assertThat(p.paymentHash()).isEqualTo(Sha256Hash.hash(preimage));
        assertThat(p.preimage()).isEqualTo(preimage);
    }

    // ------------------------------------------------------------ lookups

    @Test
    void looksUpAPaymentByHash() throws Exception {
        byte[] preimage = bytes(10);
        byte[] hash = Sha256Hash.hash(preimage);
        lnd.onTrack = (r, out) -> answer(out, lndPayment(r.getPaymentHash().toByteArray(), 2, 9_000).setFeeMsat(4)
                .setPaymentPreimage(HEX.formatHex(preimage)));

        Optional<Payment> found = get(node.lookupPayment(hash));

        assertThat(found).isPresent();
        assertThat(found.get().settled()).isTrue();
        assertThat(found.get().preimage()).isEqualTo(preimage);
        assertThat(found.get().feeMsat()).isEqualTo(4);
        RouterOuterClass.TrackPaymentRequest tracked = lnd.tracked.get(0);
        assertThat(tracked.getPaymentHash().toByteArray()).isEqualTo(hash);
        assertThat(tracked.getNoInflightUpdates()).isFalse();
    }

    @Test
    void aPaymentLndNeverSawIsEmpty() throws Exception {
        assertThat(get(node.lookupPayment(bytes(11)))).isEmpty();
        assertThat(lnd.tracked).hasSize(1);
    }

    @Test
    void aLookupOfAPaymentInFlightAnswersAtOnceAndLetsGoOfTheStream() throws Exception {
        lnd.onTrack = (r, out) -> out.onNext(lndPayment(r.getPaymentHash().toByteArray(), 1, 2_000).build());

        Optional<Payment> found = get(node.lookupPayment(bytes(12)));

        assertThat(found).map(Payment::status).contains(Payment.Status.IN_FLIGHT);
        long deadline = System.currentTimeMillis() + 5_000;
        while (lnd.cancelledStreams.get() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lnd.cancelledStreams.get()).isEqualTo(1);
    }

    @Test
    void aStatusTheseProtosDoNotKnowIsInFlight() throws Exception {
        lnd.onTrack = (r, out) -> answer(out, lndPayment(r.getPaymentHash().toByteArray(), INITIATED, 3_000));

        Optional<Payment> found = get(node.lookupPayment(bytes(13)));

        assertThat(found).isPresent();
        assertThat(found.get().status()).isEqualTo(Payment.Status.IN_FLIGHT);
        assertThat(found.get().amountMsat()).isEqualTo(3_000);
    }

    @Test
    void aFailureReasonTheseProtosDoNotKnowStillFails() throws Exception {
        byte[] hash = Sha256Hash.hash(bytes(14));
        lnd.onSend = (r, out) -> answer(out, lndPayment(hash, 3, 1_000).setFailureReasonValue(6));

        Payment p = get(node.pay(invoiceFor(hash, 1_000), 10, TIMEOUT));

        assertThat(p.failed()).isTrue();
        assertThat(p.failure()).isEqualTo("LND failure reason 6");
    }

    // ------------------------------------------------------------ invoices

    @Test
    void createsInvoicesWithAMemoOrADescriptionHash() throws Exception {
        Invoice memo = get(node.createInvoice(42_000, "donation to the club", null, Duration.ofMinutes(10)));
        byte[] descriptionHash = Sha256Hash.hash("[[\"text/plain\",\"club\"]]".getBytes(StandardCharsets.UTF_8));
        Invoice hashed = get(node.createInvoice(1_000, "ignored", descriptionHash, Duration.ofSeconds(90)));

        LightningApi.Invoice first = lnd.added.get(0);
        assertThat(first.getValueMsat()).isEqualTo(42_000);
        assertThat(first.getMemo()).isEqualTo("donation to the club");
        assertThat(first.getDescriptionHash().isEmpty()).isTrue();
        assertThat(first.getExpiry()).isEqualTo(600);
        LightningApi.Invoice second = lnd.added.get(1);
        assertThat(second.getDescriptionHash().toByteArray()).isEqualTo(descriptionHash);
        assertThat(second.getMemo()).isEmpty();
        assertThat(second.getExpiry()).isEqualTo(90);

        assertThat(memo.paymentHash()).isEqualTo(Sha256Hash.hash("preimage 1".getBytes(StandardCharsets.UTF_8)));
        assertThat(memo.bolt11()).isEqualTo("lnbcrt-fake-" + HEX.formatHex(memo.paymentHash()));
        assertThat(memo.amountMsat()).isEqualTo(42_000);
        assertThat(memo.settled()).isFalse();
        assertThat(hashed.amountMsat()).isEqualTo(1_000);
    }

    @Test
    void reportsSettledInvoicesUntilTheWatchIsClosed() throws Exception {
        List<Invoice> settled = new CopyOnWriteArrayList<>();
        AutoCloseable watch = node.watchSettledInvoices(settled::add);
        awaitSubscriptions(1);

        lnd.publish(lndInvoice(bytes(20), LightningApi.Invoice.InvoiceState.OPEN, 0, 0));
        lnd.publish(lndInvoice(bytes(21), LightningApi.Invoice.InvoiceState.SETTLED, 5_500, 7));
        awaitSize(settled, 1);

        assertThat(lnd.subscriptions.get(0).getSettleIndex()).isZero();
        assertThat(settled).hasSize(1);
        assertThat(settled.get(0).paymentHash()).isEqualTo(bytes(21));
        assertThat(settled.get(0).amountMsat()).isEqualTo(5_500);
        assertThat(settled.get(0).settled()).isTrue();
        assertThat(settled.get(0).bolt11()).isEqualTo("lnbcrt-paid-" + HEX.formatHex(bytes(21)));

        watch.close();
        long deadline = System.currentTimeMillis() + 5_000;
        while (lnd.cancelledStreams.get() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(lnd.cancelledStreams.get()).isEqualTo(1);
        lnd.publish(lndInvoice(bytes(22), LightningApi.Invoice.InvoiceState.SETTLED, 1_000, 8));
        Thread.sleep(200);
        assertThat(settled).hasSize(1);
    }

    @Test
    void aBrokenInvoiceStreamIsSubscribedAgainFromTheLastSettleIndex() throws Exception {
        List<Invoice> settled = new CopyOnWriteArrayList<>();
        node.watchSettledInvoices(settled::add);
        awaitSubscriptions(1);
        lnd.publish(lndInvoice(bytes(30), LightningApi.Invoice.InvoiceState.SETTLED, 2_000, 41));
        awaitSize(settled, 1);

        lnd.breakInvoiceStreams();
        awaitSubscriptions(2);

        assertThat(lnd.subscriptions.get(1).getSettleIndex()).isEqualTo(41);
        lnd.publish(lndInvoice(bytes(31), LightningApi.Invoice.InvoiceState.SETTLED, 3_000, 42));
        awaitSize(settled, 2);
        assertThat(settled.get(1).paymentHash()).isEqualTo(bytes(31));
    }

    @Test
    void looksUpAnIssuedInvoiceThatIsStillOpen() throws Exception {
        long before = System.currentTimeMillis() / 1000 * 1000;
        Invoice issued = get(node.createInvoice(25_000, "donation", null, Duration.ofMinutes(10)));
        long after = System.currentTimeMillis();

        Invoice found = get(node.lookupInvoice(issued.paymentHash())).orElseThrow();

        assertThat(lnd.methodsCalled).contains("lnrpc.Lightning/LookupInvoice");
        assertThat(lnd.lookedUp.get(0).getRHash().toByteArray()).isEqualTo(issued.paymentHash());
        assertThat(found.state()).isEqualTo(Invoice.State.OPEN);
        assertThat(found.settled()).isFalse();
        assertThat(found.paymentHash()).isEqualTo(issued.paymentHash());
        assertThat(found.bolt11()).isEqualTo(issued.bolt11());
        assertThat(found.amountMsat()).isEqualTo(25_000);
        assertThat(found.expiresAtMillis()).isBetween(before + 600_000, after + 600_000);
        assertThat(issued.state()).isEqualTo(Invoice.State.OPEN);
        assertThat(issued.expiresAtMillis()).isBetween(before + 600_000, after + 600_000);
    }

    @Test
    void aSettledInvoiceIsLookedUpWithWhatWasPaid() throws Exception {
        Invoice issued = get(node.createInvoice(25_000, "donation", null, Duration.ofMinutes(10)));
        lnd.settle(issued.paymentHash(), 25_500);

        Invoice found = get(node.lookupInvoice(issued.paymentHash())).orElseThrow();

        assertThat(found.state()).isEqualTo(Invoice.State.SETTLED);
        assertThat(found.settled()).isTrue();
        assertThat(found.amountMsat()).isEqualTo(25_500);
        assertThat(found.bolt11()).isEqualTo(issued.bolt11());
        assertThat(found.paymentHash()).isEqualTo(issued.paymentHash());
    }

    @Test
    void heldHtlcsLeaveAnInvoiceOpenAndACanceledOneExpiresAtItsCreationPlusExpiry() throws Exception {
        lnd.onLookup = (r, out) -> {
            out.onNext(lndInvoice(r.getRHash().toByteArray(), LightningApi.Invoice.InvoiceState.ACCEPTED, 0, 0).toBuilder()
                    .setValueMsat(4_000).setCreationDate(1_700_000_000).setExpiry(3_600).build());
            out.onCompleted();
        };
        Invoice accepted = get(node.lookupInvoice(bytes(41))).orElseThrow();
        assertThat(accepted.state()).isEqualTo(Invoice.State.OPEN);
        assertThat(accepted.amountMsat()).isEqualTo(4_000);
        assertThat(accepted.expiresAtMillis()).isEqualTo(1_700_003_600_000L);

        lnd.onLookup = (r, out) -> {
            out.onNext(lndInvoice(r.getRHash().toByteArray(), LightningApi.Invoice.InvoiceState.CANCELED, 0, 0).toBuilder()
                    .setValueMsat(4_000).setCreationDate(1_700_000_000).setExpiry(60).build());
            out.onCompleted();
        };
        Invoice canceled = get(node.lookupInvoice(bytes(41))).orElseThrow();
        assertThat(canceled.state()).isEqualTo(Invoice.State.CANCELED);
        assertThat(canceled.amountMsat()).isEqualTo(4_000);
        assertThat(canceled.expiresAtMillis()).isEqualTo(1_700_000_060_000L);
        assertThat(canceled.paymentHash()).isEqualTo(bytes(41));
    }

    @Test
    void anInvoiceLndNeverIssuedIsEmpty() throws Exception {
        assertThat(get(node.lookupInvoice(bytes(40)))).isEmpty();
        assertThat(lnd.lookedUp).hasSize(1);

        // The same answer without the NOT_FOUND code, and from a node that has issued no invoice at all.
        lnd.onLookup = (r, out) -> out.onError(Status.UNKNOWN.withDescription("unable to locate invoice").asException());
        assertThat(get(node.lookupInvoice(bytes(40)))).isEmpty();
        lnd.onLookup = (r, out) -> out.onError(Status.UNKNOWN.withDescription("there are no existing invoices").asException());
        assertThat(get(node.lookupInvoice(bytes(40)))).isEmpty();
    }

    @Test
    void aLookupLndCannotAnswerFails() {
        lnd.onLookup = (r, out) -> out.onError(Status.UNAVAILABLE.withDescription("lnd is shutting down").asException());

        Throwable failed = failure(node.lookupInvoice(bytes(42)));

        assertThat(failed).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(HEX.formatHex(bytes(42))).hasMessageContaining("UNAVAILABLE")
                .hasMessageContaining("lnd is shutting down");
    }

    private static LightningApi.Invoice lndInvoice(byte[] hash, LightningApi.Invoice.InvoiceState state, long paidMsat, long settleIndex) {
        return LightningApi.Invoice.newBuilder().setRHash(ByteString.copyFrom(hash)).setState(state).setAmtPaidMsat(paidMsat)
                .setValueMsat(paidMsat).setSettleIndex(settleIndex).setPaymentRequest("lnbcrt-paid-" + HEX.formatHex(hash)).build();
    }

    private void awaitSubscriptions(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (lnd.invoiceStreams.size() < 1 || lnd.subscriptions.size() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("LND saw " + lnd.subscriptions.size() + " invoice subscriptions, expected " + count);
            }
            Thread.sleep(20);
        }
    }

    private static void awaitSize(List<?> list, int size) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5_000;
        while (list.size() < size && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertThat(list).hasSize(size);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
