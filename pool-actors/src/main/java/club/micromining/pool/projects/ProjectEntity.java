package club.micromining.pool.projects;

import club.micromining.pool.CborSerializable;
import club.micromining.pool.JournalFailures;
import club.micromining.pool.member.MemberState;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
 * One project a member proposed to the club: its text, comments and votes, the tally of its round, and, if
 * the club funded it, the Lightning payment of its funding, persisted before it is sent (the same
 * exactly-once path as members' payouts, by the {@link club.micromining.pool.payout.PayoutService}).
 *
 * <p>The rules of time are the entity's own: edits until voting starts, withdrawal until it ends, votes
 * only within the round's window. Who may act (the author, a claimed account, an account with work in the
 * round) the facade checks with the member's entity and the read side before a command is sent.
 */
public final class ProjectEntity extends EventSourcedBehaviorWithEnforcedReplies<ProjectEntity.Command, ProjectEntity.Event,
        ProjectEntity.Project> {

    public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "Project");
    public static final String TAG = "projects";
    public static final int MAX_TITLE = 120;
    public static final int MAX_DESCRIPTION = 5_000;
    public static final int MAX_COMMENT = 2_000;
    public static final int MAX_COMMENTS = 500;

    private final Voting voting;

    public sealed interface Command extends CborSerializable {
    }

    /** What an author asks for; the recipient already resolved by the facade. */
    public record Proposal(String title, String description, long amountMsat, String recipient) implements CborSerializable {
    }

    public record Propose(String author, Proposal proposal, long atMillis, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record Edit(String author, Proposal proposal, long atMillis, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record Withdraw(String author, long atMillis, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record AddComment(String account, String text, long atMillis, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /** An account's vote; a later one of the same account replaces it. */
    public record CastVote(String account, boolean inFavour, long atMillis, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    /**
     * The tally of the project's round, from the ledger's sealer, sent until acknowledged (idempotent by
     * {@code tallySeq}).
     *
     * @param funded        whether the club funds it; then {@code amountMsat} and {@code feeBudgetMsat} are reserved
     * @param feeBudgetMsat the most the funding's routing may cost, paid by the fund
     */
    public record RecordTally(long tallySeq, String inFavour, String against, int voters, int rank, boolean funded,
                              long feeBudgetMsat, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record GetProject(ActorRef<Project> replyTo) implements Command {
    }

    public record RequestPayout(MemberState.Payout payout, ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public record RecordPayoutOutcome(String paymentHash, boolean settled, String preimage, long feeMsat, String reason,
                                      ActorRef<StatusReply<Done>> replyTo) implements Command {
    }

    public sealed interface Event extends CborSerializable {
    }

    public record ProjectProposed(String round, String author, Proposal proposal, long atMillis) implements Event {
    }

    public record ProjectEdited(Proposal proposal, long atMillis) implements Event {
    }

    public record ProjectWithdrawn(long atMillis) implements Event {
    }

    public record CommentAdded(String account, String text, long atMillis) implements Event {
    }

    public record VoteCast(String round, String account, boolean inFavour, long atMillis) implements Event {
    }

    public record TallyRecorded(long tallySeq, String inFavour, String against, int voters, int rank, boolean funded,
                                long amountMsat, long feeBudgetMsat, long atMillis) implements Event {
    }

    public record FundingRequested(MemberState.Payout payout) implements Event {
    }

    public record FundingPaid(String paymentHash, String preimage, long amountMsat, long feeMsat, long atMillis) implements Event {
    }

    public record FundingFailed(String paymentHash, long amountMsat, String reason, long atMillis) implements Event {
    }

    public enum Status {
        /** No proposal under this id. */
        NONE,
        /** Open for comments and, within the window, votes. */
        PROPOSED,
        WITHDRAWN,
        /** Its round closed and the club did not fund it. */
        NOT_FUNDED,
        /** Funded: its payment is due or under way. */
        FUNDED,
        /** Funded and paid; the preimage proves it. */
        PAID
    }

    public record Comment(String account, String text, long atMillis) implements CborSerializable {
    }

    public record Vote(String account, boolean inFavour, long atMillis) implements CborSerializable {
    }

    /**
     * @param votes      each account's latest vote
     * @param reserved   amount and fee budget the fund reserved at the tally (0 if not funded)
     * @param inFlight   the funding's payment, decided and not yet settled or failed
     */
    public record Project(String id, Status status, String round, String author, Proposal proposal, long proposedAtMillis,
                          List<Comment> comments, List<Vote> votes, long tallySeq, long feeBudgetMsat,
                          MemberState.Payout inFlight, String paymentHash, String preimage, long feeMsat, long paidAtMillis)
            implements CborSerializable {

        static Project none(String id) {
            return new Project(id, Status.NONE, null, null, null, 0, List.of(), List.of(), 0, 0, null, null, null, 0, 0);
        }

        Project with(Status s) {
            return new Project(id, s, round, author, proposal, proposedAtMillis, comments, votes, tallySeq, feeBudgetMsat, inFlight,
                    paymentHash, preimage, feeMsat, paidAtMillis);
        }

        Project proposed(ProjectProposed e) {
            return new Project(id, Status.PROPOSED, e.round(), e.author(), e.proposal(), e.atMillis(), List.of(), List.of(), 0, 0, null,
                    null, null, 0, 0);
        }

        Project edited(Proposal p) {
            return new Project(id, status, round, author, p, proposedAtMillis, comments, votes, tallySeq, feeBudgetMsat, inFlight,
                    paymentHash, preimage, feeMsat, paidAtMillis);
        }

        Project commented(Comment c) {
            List<Comment> all = new ArrayList<>(comments);
            all.add(c);
            return new Project(id, status, round, author, proposal, proposedAtMillis, List.copyOf(all), votes, tallySeq, feeBudgetMsat,
                    inFlight, paymentHash, preimage, feeMsat, paidAtMillis);
        }

        Project voted(Vote v) {
            List<Vote> all = new ArrayList<>(votes);
            all.removeIf(old -> old.account().equals(v.account()));
            all.add(v);
            return new Project(id, status, round, author, proposal, proposedAtMillis, comments, List.copyOf(all), tallySeq, feeBudgetMsat,
                    inFlight, paymentHash, preimage, feeMsat, paidAtMillis);
        }

        Project tallied(TallyRecorded e) {
            return new Project(id, e.funded() ? Status.FUNDED : Status.NOT_FUNDED, round, author, proposal, proposedAtMillis, comments,
                    votes, e.tallySeq(), e.feeBudgetMsat(), inFlight, paymentHash, preimage, feeMsat, paidAtMillis);
        }

        Project requested(MemberState.Payout p) {
            return new Project(id, status, round, author, proposal, proposedAtMillis, comments, votes, tallySeq, feeBudgetMsat, p,
                    paymentHash, preimage, feeMsat, paidAtMillis);
        }

        Project paid(FundingPaid e) {
            return new Project(id, Status.PAID, round, author, proposal, proposedAtMillis, comments, votes, tallySeq, feeBudgetMsat, null,
                    e.paymentHash(), e.preimage(), e.feeMsat(), e.atMillis());
        }

        Project failed() {
            return new Project(id, status, round, author, proposal, proposedAtMillis, comments, votes, tallySeq, feeBudgetMsat, null,
                    paymentHash, preimage, feeMsat, paidAtMillis);
        }

        /** Funded and not paid, nothing in flight: a payment is due. */
        public boolean fundingDue() {
            return status == Status.FUNDED && inFlight == null;
        }
    }

    public static void initSharding(ActorSystem<?> system, Voting voting) {
        ClusterSharding.get(system).init(Entity.of(TYPE_KEY, ctx -> create(ctx.getEntityId(), voting)));
    }

    public static Behavior<Command> create(String id, Voting voting) {
        return new ProjectEntity(id, voting);
    }

    /** The project whose events carry this persistence id. */
    public static String projectOf(String persistenceId) {
        return persistenceId.substring(TYPE_KEY.name().length() + 1);
    }

    private final String id;

    private ProjectEntity(String id, Voting voting) {
        super(PersistenceId.of(TYPE_KEY.name(), id), JournalFailures.RESTART);
        this.id = id;
        this.voting = voting;
    }

    @Override
    public Project emptyState() {
        return Project.none(id);
    }

    /** Handlers by state: nothing but a proposal before there is one; then the round's rules; the payment once funded. */
    @Override
    public CommandHandlerWithReply<Command, Event, Project> commandHandler() {
        var b = newCommandHandlerWithReplyBuilder();
        b.forState(p -> p.status() == Status.NONE)
                .onCommand(Propose.class, this::propose)
                .onCommand(GetProject.class, (p, c) -> Effect().reply(c.replyTo(), p))
                .onCommand(Edit.class, (p, c) -> refuse(c.replyTo(), "no such project"))
                .onCommand(Withdraw.class, (p, c) -> refuse(c.replyTo(), "no such project"))
                .onCommand(AddComment.class, (p, c) -> refuse(c.replyTo(), "no such project"))
                .onCommand(CastVote.class, (p, c) -> refuse(c.replyTo(), "no such project"))
                .onCommand(RecordTally.class, (p, c) -> refuse(c.replyTo(), "no such project"))
                .onCommand(RequestPayout.class, (p, c) -> refuse(c.replyTo(), "no such project"))
                .onCommand(RecordPayoutOutcome.class, (p, c) -> Effect().reply(c.replyTo(), StatusReply.ack()));
        b.forState(p -> p.status() == Status.PROPOSED)
                .onCommand(Edit.class, this::edit)
                .onCommand(Withdraw.class, this::withdraw)
                .onCommand(CastVote.class, this::vote)
                .onCommand(RecordTally.class, this::tally);
        b.forState(p -> p.status() == Status.FUNDED)
                .onCommand(RequestPayout.class, this::requestPayout)
                .onCommand(RecordPayoutOutcome.class, this::recordOutcome);
        b.forAnyState()
                .onCommand(Propose.class, (p, c) -> Effect().reply(c.replyTo(), StatusReply.error("this project was proposed already")))
                .onCommand(Edit.class, (p, c) -> refuse(c.replyTo(), "voting has started: the proposal can no longer be edited"))
                .onCommand(Withdraw.class, (p, c) -> refuse(c.replyTo(), "this proposal is " + p.status().name().toLowerCase()))
                .onCommand(CastVote.class, (p, c) -> refuse(c.replyTo(), "voting on this proposal is over"))
                .onCommand(RecordTally.class, (p, c) -> Effect().reply(c.replyTo(), StatusReply.ack()))
                .onCommand(AddComment.class, this::comment)
                .onCommand(GetProject.class, (p, c) -> Effect().reply(c.replyTo(), p))
                .onCommand(RequestPayout.class, (p, c) -> refuse(c.replyTo(), "no funding of this project is due"))
                // An outcome repeated after it was recorded.
                .onCommand(RecordPayoutOutcome.class, (p, c) -> Effect().reply(c.replyTo(), StatusReply.ack()));
        return b.build();
    }

    private ReplyEffect<Event, Project> refuse(ActorRef<StatusReply<Done>> replyTo, String why) {
        return Effect().reply(replyTo, StatusReply.error(why));
    }

    /** Why a proposal's fields cannot be taken, or null. */
    public static String problem(Proposal p) {
        if (p.title() == null || p.title().isBlank() || p.title().length() > MAX_TITLE) {
            return "a title of 1 to " + MAX_TITLE + " characters";
        }
        if (p.description() == null || p.description().length() > MAX_DESCRIPTION) {
            return "a description of at most " + MAX_DESCRIPTION + " characters";
        }
        if (p.amountMsat() < 1_000 || p.amountMsat() % 1_000 != 0) {
            return "an amount of at least 1 sat, in whole sats";
        }
        if (p.recipient() == null || p.recipient().isBlank()) {
            return "a recipient Lightning Address";
        }
        return null;
    }

    private ReplyEffect<Event, Project> propose(Project p, Propose c) {
        String problem = problem(c.proposal());
        if (problem != null) {
            return refuse(c.replyTo(), "a proposal needs " + problem);
        }
        return Effect().persist(new ProjectProposed(voting.rounds().idOf(c.atMillis()), c.author(), c.proposal(), c.atMillis()))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, Project> edit(Project p, Edit c) {
        if (!c.author().equals(p.author())) {
            return refuse(c.replyTo(), "only the author may edit a proposal");
        }
        if (c.atMillis() >= voting.window(p.round()).startMillis()) {
            return refuse(c.replyTo(), "voting has started: the proposal can no longer be edited");
        }
        String problem = problem(c.proposal());
        if (problem != null) {
            return refuse(c.replyTo(), "a proposal needs " + problem);
        }
        return Effect().persist(new ProjectEdited(c.proposal(), c.atMillis())).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, Project> withdraw(Project p, Withdraw c) {
        if (!c.author().equals(p.author())) {
            return refuse(c.replyTo(), "only the author may withdraw a proposal");
        }
        if (c.atMillis() >= voting.window(p.round()).endMillis()) {
            return refuse(c.replyTo(), "voting has ended: the proposal can no longer be withdrawn");
        }
        return Effect().persist(new ProjectWithdrawn(c.atMillis())).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, Project> comment(Project p, AddComment c) {
        if (c.text() == null || c.text().isBlank() || c.text().length() > MAX_COMMENT) {
            return refuse(c.replyTo(), "a comment of 1 to " + MAX_COMMENT + " characters");
        }
        if (p.comments().size() >= MAX_COMMENTS) {
            return refuse(c.replyTo(), "this proposal has " + MAX_COMMENTS + " comments: no more are taken");
        }
        return Effect().persist(new CommentAdded(c.account(), c.text().strip(), c.atMillis())).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, Project> vote(Project p, CastVote c) {
        Voting.Window w = voting.window(p.round());
        if (c.atMillis() < w.startMillis()) {
            return refuse(c.replyTo(), "voting opens at " + java.time.Instant.ofEpochMilli(w.startMillis()));
        }
        if (!w.open(c.atMillis())) {
            return refuse(c.replyTo(), "voting on this proposal is over");
        }
        return Effect().persist(new VoteCast(p.round(), c.account(), c.inFavour(), c.atMillis())).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, Project> tally(Project p, RecordTally c) {
        return Effect().persist(new TallyRecorded(c.tallySeq(), c.inFavour(), c.against(), c.voters(), c.rank(), c.funded(),
                        c.funded() ? p.proposal().amountMsat() : 0, c.funded() ? c.feeBudgetMsat() : 0, System.currentTimeMillis()))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, Project> requestPayout(Project p, RequestPayout c) {
        MemberState.Payout pay = c.payout();
        if (p.inFlight() != null) {
            return refuse(c.replyTo(), "the funding's payment is under way");
        }
        if (pay.amountMsat() != p.proposal().amountMsat() || pay.feeBudgetMsat() > p.feeBudgetMsat()
                || !pay.destination().equals(p.proposal().recipient())) {
            return refuse(c.replyTo(), "a funding pays the proposal's amount to its recipient within the reserved fee budget");
        }
        return Effect().persist(new FundingRequested(pay)).thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    private ReplyEffect<Event, Project> recordOutcome(Project p, RecordPayoutOutcome c) {
        MemberState.Payout pay = p.inFlight();
        if (pay == null || !pay.paymentHash().equals(c.paymentHash())) {
            return Effect().reply(c.replyTo(), StatusReply.ack());
        }
        long now = System.currentTimeMillis();
        if (c.settled()) {
            long fee = pay.chargedFee(c.feeMsat());
            return Effect().persist(new FundingPaid(pay.paymentHash(), c.preimage(), pay.amountMsat(), fee, now))
                    .thenReply(c.replyTo(), s -> StatusReply.ack());
        }
        return Effect().persist(new FundingFailed(pay.paymentHash(), pay.amountMsat(), c.reason(), now))
                .thenReply(c.replyTo(), s -> StatusReply.ack());
    }

    @Override
    public EventHandler<Project, Event> eventHandler() {
        return newEventHandlerBuilder().forAnyState()
                .onEvent(ProjectProposed.class, Project::proposed)
                .onEvent(ProjectEdited.class, (p, e) -> p.edited(e.proposal()))
                .onEvent(ProjectWithdrawn.class, (p, e) -> p.with(Status.WITHDRAWN))
                .onEvent(CommentAdded.class, (p, e) -> p.commented(new Comment(e.account(), e.text(), e.atMillis())))
                .onEvent(VoteCast.class, (p, e) -> p.voted(new Vote(e.account(), e.inFavour(), e.atMillis())))
                .onEvent(TallyRecorded.class, Project::tallied)
                .onEvent(FundingRequested.class, (p, e) -> p.requested(e.payout()))
                .onEvent(FundingPaid.class, Project::paid)
                .onEvent(FundingFailed.class, (p, e) -> p.failed())
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
