package club.micromining.pool.donation;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.node.Invoice;
import club.micromining.lightning.node.Payment;
import club.micromining.lightning.sim.SimulatedNetwork;
import club.micromining.lightning.sim.SimulatedNode;
import club.micromining.pool.SingleNodeCluster;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Donations from invoice to project fund, through the journal only, with the Lightning node as a separate party. */
class DonationServiceTest {
    private ActorTestKit kit;
    private SimulatedNode club;
    private SimulatedNode payer;

    @BeforeEach
    void start() {
        kit = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config().withFallback(ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = 0
                """)).withFallback(ConfigFactory.load()));
        SingleNodeCluster.join(kit.system());
        DonationEntity.initSharding(kit.system());
        SimulatedNetwork network = new SimulatedNetwork();
        club = new SimulatedNode(network, "bcrt", 1_000_000_000, 1_000_000_000, null);
        payer = new SimulatedNode(network, "bcrt", 1_000_000_000, 1_000_000_000, null);
    }

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    private DonationService service(Duration expiry) {
        return new DonationService(kit.system(), club, new DonationService.Settings(1_000, 1_000_000, expiry, Duration.ofHours(1),
                Duration.ofSeconds(5)));
    }

    private static DonationEntity.State eventually(DonationService s, Predicate<DonationEntity.State> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        DonationEntity.State state = s.state().toCompletableFuture().get(5, TimeUnit.SECONDS);
        while (!done.test(state) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            state = s.state().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        return state;
    }

    private Payment pay(Invoice invoice) throws Exception {
        return payer.pay(invoice.bolt11(), 1_000, Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anInvoiceIsRecordedBeforeItIsHandedOutAndBookedOnceWhenPaid() throws Exception {
        DonationService donations = service(Duration.ofMinutes(10));
        donations.start();
        Invoice invoice = donations.issue(21_000, null).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(donations.state().toCompletableFuture().get(5, TimeUnit.SECONDS).open()).hasSize(1);

        assertThat(pay(invoice).settled()).isTrue();
        DonationEntity.State booked = eventually(donations, s -> s.receivedMsat() > 0);
        assertThat(booked.receivedMsat()).isEqualTo(21_000);
        assertThat(booked.open()).isEmpty();
        // The look-up after the stream booked it finds nothing more to book.
        assertThat(donations.reconcile().toCompletableFuture().get(10, TimeUnit.SECONDS)).isZero();
        assertThat(donations.state().toCompletableFuture().get(5, TimeUnit.SECONDS).receivedMsat()).isEqualTo(21_000);
        donations.stop();
    }

    @Test
    void aDonationPaidWhileThePoolWasDownIsBookedWhenItStartsAgain() throws Exception {
        // Issued, and then the pool is down: nothing watches the node's settlements or looks the invoice up.
        // (Started and stopped instead, its first look-up could still be under way and book the payment.)
        DonationService before = service(Duration.ofMinutes(10));
        Invoice invoice = before.issue(50_000, null).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(pay(invoice).settled()).isTrue();
        Thread.sleep(300);
        assertThat(before.state().toCompletableFuture().get(5, TimeUnit.SECONDS).receivedMsat()).isZero();

        DonationService after = service(Duration.ofMinutes(10));
        after.start();
        assertThat(eventually(after, s -> s.receivedMsat() > 0).receivedMsat()).isEqualTo(50_000);
        after.stop();
    }

    @Test
    void anInvoiceNobodyPaidIsDroppedOnceItExpired() throws Exception {
        // Invoices carry whole seconds: this one expires between 2 and 3 s from now.
        DonationService donations = service(Duration.ofSeconds(3));
        Invoice invoice = donations.issue(2_000, null).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(donations.reconcile().toCompletableFuture().get(10, TimeUnit.SECONDS)).isZero();
        assertThat(donations.state().toCompletableFuture().get(5, TimeUnit.SECONDS).open()).hasSize(1);
        Thread.sleep(Math.max(0, invoice.expiresAtMillis() - System.currentTimeMillis()) + 200);
        assertThat(donations.reconcile().toCompletableFuture().get(10, TimeUnit.SECONDS)).isZero();
        assertThat(donations.state().toCompletableFuture().get(5, TimeUnit.SECONDS).open()).isEmpty();
        assertThat(pay(invoice).settled()).isFalse();
    }

    @Test
    void anAmountOutsideTheBoundsIsRefusedBeforeAnyInvoiceIsMade() throws Exception {
        DonationService donations = service(Duration.ofMinutes(10));
        Throwable low = donations.issue(999, null).toCompletableFuture().handle((i, e) -> Failures.unwrap(e)).get(5, TimeUnit.SECONDS);
        assertThat(low).isInstanceOf(DonationService.AmountOutOfBounds.class).hasMessageContaining("between 1000 and 1000000");
        Throwable high = donations.issue(1_000_001, null).toCompletableFuture().handle((i, e) -> Failures.unwrap(e))
                .get(5, TimeUnit.SECONDS);
        assertThat(high).isInstanceOf(DonationService.AmountOutOfBounds.class);
        assertThat(donations.state().toCompletableFuture().get(5, TimeUnit.SECONDS).open()).isEmpty();
    }
}
