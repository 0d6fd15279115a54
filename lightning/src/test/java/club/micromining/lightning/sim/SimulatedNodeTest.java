package club.micromining.lightning.sim;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.lightning.bolt11.Bolt11Invoice;
import club.micromining.lightning.node.Invoice;
import club.micromining.lightning.node.Payment;
import club.micromining.lightning.node.PaymentRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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
        assertThat(SimulatedNode.sha256(p.preimage())).isEqualTo(invoice.paymentHash());
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
        assertThat(p.paymentHash()).isEqualTo(SimulatedNode.sha256(preimage));
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
        assertThat(get(before.lookupPayment(SimulatedNode.sha256(preimage))).orElseThrow().status())
                .isEqualTo(Payment.Status.IN_FLIGHT);
        // The process dies here: no close, the hanging payment never completes in this node.
        try (SimulatedNode after = new SimulatedNode(network, "bcrt", 1_000_000, 0, state)) {
            Payment p = get(after.lookupPayment(SimulatedNode.sha256(preimage))).orElseThrow();
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
            Payment p = get(after.lookupPayment(SimulatedNode.sha256(preimage))).orElseThrow();
            assertThat(p.settled()).isTrue();
            assertThat(p.preimage()).isEqualTo(preimage);
            assertThat(get(after.balances()).outboundMsat()).isEqualTo(990_000);
        }
    }
}
