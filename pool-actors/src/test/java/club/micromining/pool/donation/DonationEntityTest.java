package club.micromining.pool.donation;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DonationEntityTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            EventSourcedBehaviorTestKit.config().withFallback(ConfigFactory.load()));
    private static final String HASH = "ab".repeat(32);
    private EventSourcedBehaviorTestKit<DonationEntity.Command, DonationEntity.Event, DonationEntity.State> donations;

    @BeforeEach
    void fresh() {
        donations = EventSourcedBehaviorTestKit.create(testKit.system(), DonationEntity.create());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static DonationEntity.IssuedInvoice invoice(String hash, long msat) {
        return new DonationEntity.IssuedInvoice(hash, msat, "lnbcrt1...", 1_000, 601_000);
    }

    private EventSourcedBehaviorTestKit.CommandResultWithReply<DonationEntity.Command, DonationEntity.Event, DonationEntity.State,
            DonationEntity.Booking> settle(String hash, long msat) {
        return donations.runCommand(r -> new DonationEntity.RecordSettled(hash, msat, 5_000, r));
    }

    @Test
    void anIssuedInvoiceIsRecordedThenBookedOnceWhenPaid() {
        var issued = donations.<StatusReply<Done>>runCommand(r -> new DonationEntity.RecordIssued(invoice(HASH, 21_000), r));
        assertThat(issued.reply().isSuccess()).isTrue();
        assertThat(issued.events()).containsExactly(new DonationEntity.DonationInvoiceIssued(invoice(HASH, 21_000)));
        assertThat(issued.state().open()).containsKey(HASH);

        var booked = settle(HASH, 21_500);
        assertThat(booked.reply()).isEqualTo(DonationEntity.Booking.BOOKED);
        assertThat(booked.events()).containsExactly(new DonationEntity.DonationReceived(HASH, 21_500, 5_000));
        assertThat(booked.state().open()).isEmpty();
        assertThat(booked.state().receivedMsat()).isEqualTo(21_500);

        // The stream and the look-up at start may both report it: it is booked once.
        var again = settle(HASH, 21_500);
        assertThat(again.reply()).isEqualTo(DonationEntity.Booking.ALREADY_BOOKED);
        assertThat(again.hasNoEvents()).isTrue();
        assertThat(donations.restart().state().receivedMsat()).isEqualTo(21_500);
    }

    @Test
    void itsRepliesCrossTheWireWithJackson() {
        for (DonationEntity.Booking b : DonationEntity.Booking.values()) {
            assertThat(testKit.serializationTestKit().verifySerialization(b, true)).isEqualTo(b);
        }
        DonationEntity.Open open = new DonationEntity.Open(java.util.List.of(invoice(HASH, 5)));
        assertThat(testKit.serializationTestKit().verifySerialization(open, true)).isEqualTo(open);
    }

    @Test
    void anInvoiceThatIsNotADonationIsNotBooked() {
        var other = settle("cd".repeat(32), 5_000);
        assertThat(other.reply()).isEqualTo(DonationEntity.Booking.NOT_A_DONATION);
        assertThat(other.hasNoEvents()).isTrue();
    }

    @Test
    void theOpenInvoicesSurviveARestartAndAnExpiredOneIsDropped() {
        donations.<StatusReply<Done>>runCommand(r -> new DonationEntity.RecordIssued(invoice(HASH, 1_000), r));
        donations.<StatusReply<Done>>runCommand(r -> new DonationEntity.RecordIssued(invoice("cd".repeat(32), 2_000), r));
        donations.restart();
        var open = donations.<DonationEntity.Open>runCommand(DonationEntity.GetOpen::new);
        assertThat(open.reply().invoices()).extracting(DonationEntity.IssuedInvoice::amountMsat).containsExactlyInAnyOrder(1_000L, 2_000L);

        var expired = donations.<StatusReply<Done>>runCommand(r -> new DonationEntity.RecordExpired(HASH, r));
        assertThat(expired.reply().isSuccess()).isTrue();
        assertThat(expired.events()).hasSize(1);
        assertThat(settle(HASH, 1_000).reply()).isEqualTo(DonationEntity.Booking.NOT_A_DONATION);
        assertThat(donations.<StatusReply<Done>>runCommand(r -> new DonationEntity.RecordExpired(HASH, r)).hasNoEvents()).isTrue();
    }

    @Test
    void anInvoiceWithoutAmountOrHashIsRefused() {
        var noAmount = donations.<StatusReply<Done>>runCommand(r -> new DonationEntity.RecordIssued(invoice(HASH, 0), r));
        assertThat(noAmount.reply().isError()).isTrue();
        var badHash = donations.<StatusReply<Done>>runCommand(r -> new DonationEntity.RecordIssued(invoice("xyz", 10), r));
        assertThat(badHash.reply().isError()).isTrue();
        assertThat(badHash.hasNoEvents()).isTrue();
        // Issued twice (a retried write): recorded once.
        donations.<StatusReply<Done>>runCommand(r -> new DonationEntity.RecordIssued(invoice(HASH, 10), r));
        assertThat(donations.<StatusReply<Done>>runCommand(r -> new DonationEntity.RecordIssued(invoice(HASH, 10), r))
                .hasNoEvents()).isTrue();
    }
}
