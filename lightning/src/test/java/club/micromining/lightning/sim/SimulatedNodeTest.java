package club.micromining.lightning.sim;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.lightning.bolt11.Bolt11Invoice;
import club.micromining.lightning.node.Invoice;
import club.micromining.lightning.node.Payment;
import club.micromining.lightning.node.PaymentRefusedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.bitcoinj.base.Sha256Hash;
import org.junit.jupiter.api.Test;

class SimulatedNodeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final SimulatedNetwork network = new SimulatedNetwork();
    private final SimulatedNode pool = new SimulatedNode(network, "bcrt", 10_000_000, 0, null);
    private final SimulatedNode wallet = new SimulatedNode(network, "bcrt", 0, 10_000_000, null);

    private static <T> T get(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void paysAnInvoiceWithTheIssuersRealPreimage() throws Exception {
        List<Invoice> settled = new CopyOnWriteArrayList<>();
        wallet.watchSettledInvoices(settled::add);
        Invoice invoice = get(wallet.createInvoice(21_000, "payout", null, Duration.ofMinutes(10)));
        assertThat(Bolt11Invoice.decode(invoice.bolt11()).payee()).isEqualTo(wallet.identityKey());

        Payment p = get(pool.pay(invoice.bolt11(), 1_000, TIMEOUT));
        assertThat(p.settled()).isTrue();
        assertThat(Sha256Hash.hash(p.preimage())).isEqualTo(invoice.paymentHash());
        assertThat(settled).hasSize(1);
        assertThat(get(pool.balances()).outboundMsat()).isEqualTo(10_000_000 - 21_000);
        assertThat(get(wallet.balances()).outboundMsat()).isEqualTo(21_000);
        assertThat(get(pool.lookupPayment(invoice.paymentHash()))).contains(p);
    }

    @Test
    void neverPaysOneHashTwice() throws Exception {
        Invoice invoice = get(wallet.createInvoice(1_000, "once", null, Duration.ofMinutes(10)));
        get(pool.pay(invoice.bolt11(), 100, TIMEOUT));
        ExecutionException again = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> get(pool.pay(invoice.bolt11(), 100, TIMEOUT)));
        assertThat(again.getCause()).isInstanceOf(PaymentRefusedException.class);
        assertThat(((PaymentRefusedException) again.getCause()).alreadyKnown()).isTrue();
        assertThat(get(pool.balances()).outboundMsat()).isEqualTo(10_000_000 - 1_000);
    }

    @Test
    void failsWhenToldToOrWhenFeesOrLiquidityDoNotAllow() throws Exception {
        pool.failNext(1, "temporary channel failure");
        Invoice a = get(wallet.createInvoice(1_000, "a", null, Duration.ofMinutes(10)));
        Payment failed = get(pool.pay(a.bolt11(), 100, TIMEOUT));
        assertThat(failed.failed()).isTrue();
        assertThat(failed.failure()).isEqualTo("temporary channel failure");
        // A failed hash may be tried again.
        assertThat(get(pool.pay(a.bolt11(), 100, TIMEOUT)).settled()).isTrue();

        pool.setFees(500, 0);
        Invoice b = get(wallet.createInvoice(1_000, "b", null, Duration.ofMinutes(10)));
        assertThat(get(pool.pay(b.bolt11(), 100, TIMEOUT)).failure()).contains("fee limit");

        Invoice c = get(wallet.createInvoice(20_000_000, "c", null, Duration.ofMinutes(10)));
        assertThat(get(pool.pay(c.bolt11(), 1_000_000, TIMEOUT)).failure()).contains("liquidity");
    }

    @Test
    void aHangingPaymentTimesOutButStaysInFlightUntilReleased() throws Exception {
        pool.hangNext(1);
        Invoice invoice = get(wallet.createInvoice(5_000, "slow", null, Duration.ofMinutes(10)));
        CompletableFuture<Payment> paying = pool.pay(invoice.bolt11(), 100, Duration.ofMillis(200)).toCompletableFuture();
        assertThat(paying).failsWithin(Duration.ofSeconds(5));
        assertThat(get(pool.lookupPayment(invoice.paymentHash())).orElseThrow().status()).isEqualTo(Payment.Status.IN_FLIGHT);
        pool.releaseHanging();
        assertThat(get(pool.lookupPayment(invoice.paymentHash())).orElseThrow().settled()).isTrue();
    }

    @Test
    void keysendCarriesTheSendersPreimage() throws Exception {
        byte[] preimage = new byte[32];
        preimage[0] = 7;
        Payment p = get(pool.keysend(wallet.identityKey(), 3_000, preimage, 100, TIMEOUT));
        assertThat(p.settled()).isTrue();
        assertThat(p.preimage()).isEqualTo(preimage);
        assertThat(p.paymentHash()).isEqualTo(Sha256Hash.hash(preimage));
        assertThat(get(wallet.balances()).outboundMsat()).isEqualTo(3_000);
    }

    @Test
    void aKeysendInFlightWhenTheProcessStopsCompletesAfterTheRestart() throws Exception {
        Path state = Files.createTempDirectory("simnode").resolve("node.state");
        byte[] preimage = new byte[32];
        preimage[1] = 3;
        SimulatedNode before = new SimulatedNode(network, "bcrt", 1_000_000, 0, state);
        before.hangNext(1);
        before.keysend(wallet.identityKey(), 10_000, preimage, 100, Duration.ofMillis(50));
        assertThat(get(before.lookupPayment(Sha256Hash.hash(preimage))).orElseThrow().status())
                .isEqualTo(Payment.Status.IN_FLIGHT);
        // The process dies here: no close, the hanging payment never completes in this node.
        try (SimulatedNode after = new SimulatedNode(network, "bcrt", 1_000_000, 0, state)) {
            Payment p = get(after.lookupPayment(Sha256Hash.hash(preimage))).orElseThrow();
            assertThat(p.settled()).isTrue();
            assertThat(p.preimage()).isEqualTo(preimage);
            assertThat(get(after.balances()).outboundMsat()).isEqualTo(990_000);
        }
    }

    @Test
    void remembersItsPaymentsAcrossARestart() throws Exception {
        Path state = Files.createTempDirectory("simnode").resolve("node.state");
        byte[] preimage = new byte[32];
        preimage[5] = 9;
        try (SimulatedNode before = new SimulatedNode(network, "bcrt", 1_000_000, 0, state)) {
            assertThat(get(before.keysend(wallet.identityKey(), 10_000, preimage, 100, TIMEOUT)).settled()).isTrue();
        }
        try (SimulatedNode after = new SimulatedNode(network, "bcrt", 1_000_000, 0, state)) {
            Payment p = get(after.lookupPayment(Sha256Hash.hash(preimage))).orElseThrow();
            assertThat(p.settled()).isTrue();
            assertThat(p.preimage()).isEqualTo(preimage);
            assertThat(get(after.balances()).outboundMsat()).isEqualTo(990_000);
        }
    }

    @Test
    void anInvoiceIssuedBeforeARestartIsPaidOnceAfterIt() throws Exception {
        Path state = Files.createTempDirectory("simnode").resolve("club.state");
        Invoice issued;
        try (SimulatedNode before = new SimulatedNode(network, "bcrt", 0, 1_000_000, state)) {
            issued = get(before.createInvoice(40_000, "donation", null, Duration.ofMinutes(10)));
        }
        SimulatedNode otherPayer = new SimulatedNode(network, "bcrt", 1_000_000, 0, null);

        try (SimulatedNode after = new SimulatedNode(network, "bcrt", 0, 1_000_000, state)) {
            Invoice open = get(after.lookupInvoice(issued.paymentHash())).orElseThrow();
            assertThat(open.state()).isEqualTo(Invoice.State.OPEN);
            assertThat(open.bolt11()).isEqualTo(issued.bolt11());
            assertThat(open.amountMsat()).isEqualTo(40_000);
            assertThat(open.expiresAtMillis()).isEqualTo(issued.expiresAtMillis());

            List<Invoice> settled = new CopyOnWriteArrayList<>();
            after.watchSettledInvoices(settled::add);
            Payment paid = get(pool.pay(issued.bolt11(), 1_000, TIMEOUT));
            assertThat(paid.settled()).isTrue();
            assertThat(Sha256Hash.hash(paid.preimage())).isEqualTo(issued.paymentHash());
            Payment again = get(otherPayer.pay(issued.bolt11(), 1_000, TIMEOUT));
            assertThat(again.failed()).isTrue();

            assertThat(settled).hasSize(1);
            assertThat(settled.get(0).state()).isEqualTo(Invoice.State.SETTLED);
            assertThat(settled.get(0).paymentHash()).isEqualTo(issued.paymentHash());
            assertThat(settled.get(0).amountMsat()).isEqualTo(40_000);
            Invoice found = get(after.lookupInvoice(issued.paymentHash())).orElseThrow();
            assertThat(found.state()).isEqualTo(Invoice.State.SETTLED);
            assertThat(found.amountMsat()).isEqualTo(40_000);
            assertThat(get(after.balances()).outboundMsat()).isEqualTo(40_000);
            assertThat(get(otherPayer.balances()).outboundMsat()).isEqualTo(1_000_000);
        }

        try (SimulatedNode restartedAgain = new SimulatedNode(network, "bcrt", 0, 1_000_000, state)) {
            List<Invoice> settled = new CopyOnWriteArrayList<>();
            restartedAgain.watchSettledInvoices(settled::add);
            assertThat(get(restartedAgain.lookupInvoice(issued.paymentHash()))).map(Invoice::state).contains(Invoice.State.SETTLED);
            assertThat(get(restartedAgain.balances()).outboundMsat()).isEqualTo(40_000);
            assertThat(get(new SimulatedNode(network, "bcrt", 1_000_000, 0, null).pay(issued.bolt11(), 1_000, TIMEOUT)).failed())
                    .isTrue();
            assertThat(settled).isEmpty();
        }
        // A reader that knows only payment lines (seven fields) finds none in a file of invoices.
        assertThat(Files.readAllLines(state)).hasSize(2).noneMatch(line -> line.split(" ").length == 7);
    }

    @Test
    void anExpiredInvoiceIsCanceledAndCannotBePaidBeforeOrAfterARestart() throws Exception {
        Path state = Files.createTempDirectory("simnode").resolve("club.state");
        List<Invoice> settled = new CopyOnWriteArrayList<>();
        Invoice expired;
        try (SimulatedNode before = new SimulatedNode(network, "bcrt", 0, 1_000_000, state)) {
            before.watchSettledInvoices(settled::add);
            expired = get(before.createInvoice(2_000, "too late", null, Duration.ZERO));
            while (System.currentTimeMillis() <= expired.expiresAtMillis()) {
                Thread.sleep(5);
            }
            Invoice canceled = get(before.lookupInvoice(expired.paymentHash())).orElseThrow();
            assertThat(canceled.state()).isEqualTo(Invoice.State.CANCELED);
            assertThat(canceled.amountMsat()).isEqualTo(2_000);
            // The issuer refuses it even from a payer that does not check the expiry.
            assertThat(network.deliver(expired.paymentHash(), 2_000)).isEmpty();
            assertThat(paid(pool.pay(expired.bolt11(), 1_000, TIMEOUT))).isFalse();
        }
        try (SimulatedNode after = new SimulatedNode(network, "bcrt", 0, 1_000_000, state)) {
            after.watchSettledInvoices(settled::add);
            assertThat(get(after.lookupInvoice(expired.paymentHash()))).map(Invoice::state).contains(Invoice.State.CANCELED);
            assertThat(network.deliver(expired.paymentHash(), 2_000)).isEmpty();
            assertThat(get(after.balances()).outboundMsat()).isZero();
        }
        assertThat(settled).isEmpty();
        assertThat(get(pool.balances()).outboundMsat()).isEqualTo(10_000_000);
    }

    /** Whether the payment went through; a refusal before it started counts as not paid. */
    private static boolean paid(java.util.concurrent.CompletionStage<Payment> stage) throws Exception {
        try {
            return get(stage).settled();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(PaymentRefusedException.class);
            return false;
        }
    }

    @Test
    void aHashItNeverIssuedIsEmpty() throws Exception {
        Invoice walletsOwn = get(wallet.createInvoice(1_000, "mine", null, Duration.ofMinutes(10)));
        byte[] unknown = new byte[32];
        unknown[0] = 42;

        assertThat(get(wallet.lookupInvoice(unknown))).isEmpty();
        assertThat(get(pool.lookupInvoice(walletsOwn.paymentHash()))).isEmpty();
        assertThat(get(wallet.lookupInvoice(walletsOwn.paymentHash()))).map(Invoice::state).contains(Invoice.State.OPEN);
    }

    @Test
    void aStateFileOfPaymentLinesOnlyStillLoads() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] paidPreimage = new byte[32];
        paidPreimage[2] = 1;
        byte[] failedHash = Sha256Hash.hash(new byte[] {7});
        Path state = Files.createTempDirectory("simnode").resolve("old.state");
        String paidHash = hex.formatHex(Sha256Hash.hash(paidPreimage));
        // As the node wrote them before it kept invoices: a keysend in flight, then done; a failed payment.
        Files.writeString(state, paidHash + " IN_FLIGHT 10000 5 " + hex.formatHex(paidPreimage) + " 989995 0\n"
                + paidHash + " SUCCEEDED 10000 5 " + hex.formatHex(paidPreimage) + " 989995 10005\n"
                + hex.formatHex(failedHash) + " FAILED 2000 0 - 989995 10005\n", StandardCharsets.US_ASCII);

        Invoice issued;
        try (SimulatedNode node = new SimulatedNode(network, "bcrt", 1_000_000, 0, state)) {
            Payment done = get(node.lookupPayment(hex.parseHex(paidHash))).orElseThrow();
            assertThat(done.settled()).isTrue();
            assertThat(done.preimage()).isEqualTo(paidPreimage);
            assertThat(done.feeMsat()).isEqualTo(5);
            assertThat(get(node.lookupPayment(failedHash))).map(Payment::failed).contains(true);
            assertThat(get(node.balances())).isEqualTo(new club.micromining.lightning.node.Balances(989_995, 10_005));
            assertThat(get(node.lookupInvoice(hex.parseHex(paidHash)))).isEmpty();
            issued = get(node.createInvoice(3_000, "after the upgrade", null, Duration.ofMinutes(10)));
        }
        try (SimulatedNode node = new SimulatedNode(network, "bcrt", 1_000_000, 0, state)) {
            assertThat(get(node.lookupPayment(hex.parseHex(paidHash)))).map(Payment::settled).contains(true);
            assertThat(get(node.lookupInvoice(issued.paymentHash()))).map(Invoice::state).contains(Invoice.State.OPEN);
            assertThat(get(node.balances()).outboundMsat()).isEqualTo(989_995);
        }
    }
}
