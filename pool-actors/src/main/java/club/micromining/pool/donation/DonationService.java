package club.micromining.pool.donation;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.node.Invoice;
import club.micromining.lightning.node.LightningNode;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Donations to the club's Lightning Address, from invoice to project fund, with money only moving
 * through the journal: an invoice is recorded in the {@link DonationEntity} before anyone is given it;
 * a settled one is booked by an acknowledged command; and the open invoices are looked up on the
 * Lightning node at start and every {@code reconcileInterval}, so one paid while the node was down, or
 * whose settlement the node's stream did not deliver, is still booked, once.
 */
public final class DonationService {
    private static final Logger log = LoggerFactory.getLogger(DonationService.class);
    private static final HexFormat HEX = HexFormat.of();

    /**
     * @param minMsat           the smallest donation the club's address accepts
     * @param maxMsat           the largest
     * @param invoiceExpiry     how long a donation invoice can be paid
     * @param reconcileInterval how often open invoices are looked up on the node
     * @param askTimeout        how long the donation entity may take to answer
     */
    public record Settings(long minMsat, long maxMsat, Duration invoiceExpiry, Duration reconcileInterval, Duration askTimeout) {
        public Settings {
            if (minMsat < 1 || maxMsat < minMsat) {
                throw new IllegalArgumentException("donation bounds must be positive, the maximum at least the minimum");
            }
        }
    }

    /** A donation amount outside the bounds; the message says the bounds. */
    public static final class AmountOutOfBounds extends IllegalArgumentException {
        AmountOutOfBounds(String message) {
            super(message);
        }
    }

    private final ActorSystem<?> system;
    private final LightningNode node;
    private final Settings settings;
    private final EntityRef<DonationEntity.Command> entity;
    private volatile AutoCloseable watch;
    private volatile UniqueKillSwitch reconciling;

    public DonationService(ActorSystem<?> system, LightningNode node, Settings settings) {
        this.system = system;
        this.node = node;
        this.settings = settings;
        this.entity = ClusterSharding.get(system).entityRefFor(DonationEntity.TYPE_KEY, DonationEntity.ENTITY_ID);
    }

    public Settings settings() {
        return settings;
    }

    /** Listens for settled invoices and looks up the open ones now and then on; until {@link #stop()}. */
    public void start() {
        watch = node.watchSettledInvoices(invoice -> book(HEX.formatHex(invoice.paymentHash()), invoice.amountMsat()));
        reconciling = Source.tick(Duration.ZERO, settings.reconcileInterval(), Done.getInstance())
                .mapAsync(1, tick -> reconcile().exceptionally(e -> {
                    log.warn("Looking up open donation invoices failed: {}", Failures.unwrap(e).toString());
                    return 0;
                }))
                .viaMat(KillSwitches.single(), Keep.right())
                .to(Sink.ignore())
                .run(system);
    }

    public void stop() {
        if (reconciling != null) {
            reconciling.shutdown();
        }
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                log.warn("Could not stop watching settled invoices: {}", e.toString());
            }
        }
    }

    /**
     * Issues a donation invoice for {@code amountMsat}, committing to {@code descriptionHash} (LNURL-pay's
     * metadata); it completes only once the invoice is recorded, so whatever is paid to it is booked.
     *
     * @throws AmountOutOfBounds (in the stage) for an amount outside the club's bounds
     */
    public CompletionStage<Invoice> issue(long amountMsat, byte[] descriptionHash) {
        if (amountMsat < settings.minMsat() || amountMsat > settings.maxMsat()) {
            return CompletableFuture.failedFuture(new AmountOutOfBounds("amount must be between " + settings.minMsat()
                    + " and " + settings.maxMsat() + " msat"));
        }
        return node.createInvoice(amountMsat, null, descriptionHash, settings.invoiceExpiry())
                .thenCompose(invoice -> entity.<Done>askWithStatus(replyTo -> new DonationEntity.RecordIssued(
                                new DonationEntity.IssuedInvoice(HEX.formatHex(invoice.paymentHash()), amountMsat, invoice.bolt11(),
                                        System.currentTimeMillis(), invoice.expiresAtMillis()), replyTo), settings.askTimeout())
                        .thenApply(done -> invoice));
    }

    /** Looks every open donation invoice up on the node; returns how many were booked. */
    public CompletionStage<Integer> reconcile() {
        return entity.<DonationEntity.Open>ask(DonationEntity.GetOpen::new, settings.askTimeout())
                .thenCompose(open -> Source.from(open.invoices())
                        .mapAsync(4, this::reconcile)
                        .runWith(Sink.fold(0, (n, booked) -> n + (booked ? 1 : 0)), system));
    }

    private CompletionStage<Boolean> reconcile(DonationEntity.IssuedInvoice open) {
        return node.lookupInvoice(HEX.parseHex(open.paymentHash())).thenCompose(found -> {
            if (found.isPresent() && found.get().state() == Invoice.State.SETTLED) {
                return book(open.paymentHash(), found.get().amountMsat()).thenApply(b -> b == DonationEntity.Booking.BOOKED);
            }
            boolean gone = found.map(i -> i.state() == Invoice.State.CANCELED)
                    .orElse(System.currentTimeMillis() > open.expiresAtMillis());
            if (gone) {
                return entity.<Done>askWithStatus(replyTo -> new DonationEntity.RecordExpired(open.paymentHash(), replyTo),
                        settings.askTimeout()).thenApply(done -> false);
            }
            return CompletableFuture.completedFuture(false);
        });
    }

    private CompletionStage<DonationEntity.Booking> book(String paymentHash, long amountMsat) {
        CompletionStage<DonationEntity.Booking> booking = entity.ask(replyTo -> new DonationEntity.RecordSettled(paymentHash,
                amountMsat, System.currentTimeMillis(), replyTo), settings.askTimeout());
        return booking.whenComplete((b, error) -> {
            if (error != null) {
                // Still open in the journal: the next look-up books it.
                log.warn("A paid donation ({}) could not be booked yet: {}", paymentHash, Failures.unwrap(error).toString());
            } else if (b == DonationEntity.Booking.BOOKED) {
                log.info("Donation of {} msat booked to the project fund (payment hash {})", amountMsat, paymentHash);
            }
        });
    }

    /** What the donation entity holds: the open invoices and all that was booked. */
    public CompletionStage<DonationEntity.State> state() {
        return entity.ask(DonationEntity.GetState::new, settings.askTimeout());
    }
}
