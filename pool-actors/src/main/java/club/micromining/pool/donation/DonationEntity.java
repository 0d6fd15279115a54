package club.micromining.pool.donation;

import club.micromining.pool.CborSerializable;
import club.micromining.pool.JournalFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * The club's donations: every invoice handed out for the club's Lightning Address, recorded before the
 * payer sees it, and every one that was paid, booked to the project fund exactly once. An invoice that
 * was paid while the node was down is still open here, so it is looked up and booked at the next start.
 * One entity for the whole club (sharded, so a cluster has one writer).
 */
public final class DonationEntity extends EventSourcedBehaviorWithEnforcedReplies<DonationEntity.Command,
        DonationEntity.Event, DonationEntity.State> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Donations");
    public static final String ENTITY_ID = "club";
    public static final String TAG = "donations";
    /** Booked invoices remembered, so a settlement reported again is told apart from an unknown invoice. */
    static final int REMEMBERED = 1000;

    public sealed interface Command extends CborSerializable {
    }

    /** An invoice about to be handed out; acknowledged once it is in the journal. */
    public record RecordIssued(IssuedInvoice invoice, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** The Lightning node says this invoice was paid. */
    public record RecordSettled(String paymentHash, long amountMsat, long atMillis, ActorRef<Booking> replyTo) implements Command {
    }

    /** The Lightning node says this invoice can no longer be paid (expired or cancelled). */
    public record RecordExpired(String paymentHash, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record GetOpen(ActorRef<Open> replyTo) implements Command {
    }

    public record GetState(ActorRef<State> replyTo) implements Command {
    }

    /** What became of a settlement. */
    public enum Booking implements CborSerializable {
        /** Booked to the project fund now. */
        BOOKED,
        /** It was booked before (the same settlement reported twice). */
        ALREADY_BOOKED,
        /** Not a donation invoice (the node also settles other invoices). */
        NOT_A_DONATION
    }

    /**
     * @param paymentHash hex
     * @param amountMsat  what the payer was asked for
     * @param expiresAtMillis after this the invoice cannot be paid
     */
    public record IssuedInvoice(String paymentHash, long amountMsat, String bolt11, long issuedAtMillis, long expiresAtMillis)
            implements CborSerializable {
    }

    public record Open(List<IssuedInvoice> invoices) implements CborSerializable {
    }

    public sealed interface Event extends CborSerializable {
    }

    public record DonationInvoiceIssued(IssuedInvoice invoice) implements Event {
    }

    /** A donation was paid: {@code amountMsat} goes to the project fund. */
    public record DonationReceived(String paymentHash, long amountMsat, long atMillis) implements Event {
    }

    public record DonationInvoiceExpired(String paymentHash, long atMillis) implements Event {
    }

    /**
     * @param open       invoices handed out and not yet paid or expired, by payment hash
     * @param booked     hashes of the latest booked donations, oldest first
     * @param receivedMsat all donations booked, all time
     */
    public record State(Map<String, IssuedInvoice> open, List<String> booked, long receivedMsat) implements CborSerializable {
        static final State EMPTY = new State(Map.of(), List.of(), 0);

        State issued(IssuedInvoice i) {
            Map<String, IssuedInvoice> o = new TreeMap<>(open);
            o.put(i.paymentHash(), i);
            return new State(Map.copyOf(o), booked, receivedMsat);
        }

        State received(String hash, long msat) {
            Map<String, IssuedInvoice> o = new TreeMap<>(open);
            o.remove(hash);
            List<String> b = new ArrayList<>(booked.size() >= REMEMBERED ? booked.subList(1, booked.size()) : booked);
            b.add(hash);
            return new State(Map.copyOf(o), List.copyOf(b), Math.addExact(receivedMsat, msat));
        }

        State expired(String hash) {
            Map<String, IssuedInvoice> o = new TreeMap<>(open);
            o.remove(hash);
            return new State(Map.copyOf(o), booked, receivedMsat);
        }
    }

    public static void initSharding(ActorSystem<?> system) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> new DonationEntity()));
    }

    public static Behavior<Command> create() {
        return new DonationEntity();
    }

    private DonationEntity() {
        super(PersistenceId.of(TYPE_KEY.name(), ENTITY_ID),
                JournalFailures.RESTART);
    }

    @Override
    public State emptyState() {
        return State.EMPTY;
    }

    @Override
    public CommandHandlerWithReply<Command, Event, State> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
                .onCommand(RecordIssued.class, this::issue)
                .onCommand(RecordSettled.class, this::settle)
                .onCommand(RecordExpired.class, (state, c) -> state.open().containsKey(c.paymentHash())
                        ? Effect().persist(new DonationInvoiceExpired(c.paymentHash(), System.currentTimeMillis()))
                                .thenReply(c.replyTo(), s -> StatusReply.ack())
                        : Effect().reply(c.replyTo(), StatusReply.ack()))
                .onCommand(GetOpen.class, (state, c) -> Effect().reply(c.replyTo(),
                        new Open(List.copyOf(state.open().values()))))
                .onCommand(GetState.class, (state, c) -> Effect().reply(c.replyTo(), state))
                .build();
    }

    private ReplyEffect<Event, State> issue(State state, RecordIssued c) {
        IssuedInvoice i = c.invoice();
        if (i.amountMsat() <= 0 || !i.paymentHash().matches("[0-9a-f]{64}")) {
            return Effect().reply(c.replyTo(), StatusReply.error("a donation invoice needs a positive amount and a payment hash"));
        }
        if (state.open().containsKey(i.paymentHash()) || state.booked().contains(i.paymentHash())) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        return Effect().persist(new DonationInvoiceIssued(i)).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, State> settle(State state, RecordSettled c) {
        IssuedInvoice open = state.open().get(c.paymentHash());
        if (open != null) {
            // What was paid, which may be more than was asked; a node that does not say books what was asked.
            long amount = c.amountMsat() > 0 ? c.amountMsat() : open.amountMsat();
            return Effect().persist(new DonationReceived(c.paymentHash(), amount, c.atMillis()))
                    .thenReply(c.replyTo(), s -> Booking.BOOKED);
        }
        return Effect().reply(c.replyTo(), state.booked().contains(c.paymentHash()) ? Booking.ALREADY_BOOKED : Booking.NOT_A_DONATION);
    }

    @Override
    public EventHandler<State, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(DonationInvoiceIssued.class, (state, e) -> state.issued(e.invoice()))
                .onEvent(DonationReceived.class, (state, e) -> state.received(e.paymentHash(), e.amountMsat()))
                .onEvent(DonationInvoiceExpired.class, (state, e) -> state.expired(e.paymentHash()))
                .build();
    }

    @Override
    public Set<String> tagsFor(Event event) {
        return Set.of(TAG);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(100, 2);
    }
}
