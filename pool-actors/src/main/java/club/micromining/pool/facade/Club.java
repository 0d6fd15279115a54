package club.micromining.pool.facade;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.pool.funding.EuroRate;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import club.micromining.pool.payout.PayoutDestination;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.view.ProjectView;
import club.micromining.pool.view.RoundView;
import club.micromining.stratum.session.WorkerName;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * The club's month behind one door: rounds and their raffle, projects and their votes. Every member action
 * is authorized here, on the server: the account must be claimed by the acting wallet (its member entity
 * says so, not the page), and a vote needs the account's work in the round (the read side's count of its
 * hashes). Anonymous callers are not {@link Caller}s at all, so they cannot act.
 */
public final class Club {
    static final int ROUNDS = 24;
    static final int PROJECTS = 200;
    /** Proposals an account may have standing in a round: enough for a club, few enough that nobody floods the vote. */
    public static final int MAX_PROPOSALS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private final ActorSystem<?> system;
    private final ReadSide readSide;
    private final Executor blocking;
    private final LnurlPay lnurl;
    private final Voting voting;
    private final EuroRate euros;
    private final Duration askTimeout;

    public Club(ActorSystem<?> system, ReadSide readSide, Executor blocking, LnurlPay lnurl, Voting voting, EuroRate euros,
                Duration askTimeout) {
        this.system = system;
        this.readSide = readSide;
        this.blocking = blocking;
        this.lnurl = lnurl;
        this.voting = voting;
        this.euros = euros;
        this.askTimeout = askTimeout;
    }

    public Voting voting() {
        return voting;
    }

    /** Euros per bitcoin now, to show amounts in euros. */
    public long eurPerBtc() {
        return euros.eurPerBtc();
    }

    // ---- queries

    public CompletionStage<List<RoundView>> rounds() {
        return query(() -> readSide.rounds(System.currentTimeMillis(), ROUNDS));
    }

    public CompletionStage<Optional<RoundView>> round(String id) {
        return query(() -> readSide.round(id, System.currentTimeMillis()));
    }

    public String currentRound() {
        return voting.rounds().idOf(System.currentTimeMillis());
    }

    public CompletionStage<List<ProjectView>> projects(String round) {
        return query(() -> readSide.projects(round, PROJECTS));
    }

    public CompletionStage<Optional<ProjectView>> project(String id) {
        if (!id.matches("[a-z0-9]{1,40}")) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return query(() -> readSide.project(id));
    }

    /** An account's work in the round, in hashes: its tickets (linear) and what lets it vote. */
    public CompletionStage<BigInteger> roundHashes(String account, String round) {
        return query(() -> readSide.roundHashes(account, round));
    }

    // ---- members' actions

    /** Proposes a project for the current round; the recipient must resolve now. */
    public CompletionStage<ProjectResult> propose(Caller caller, String account, ProjectEntity.Proposal proposal) {
        return asMember(caller, account, name -> {
            String problem = ProjectEntity.problem(proposal);
            if (problem != null) {
                return refused("a proposal needs " + problem);
            }
            String id = newId();
            return query(() -> readSide.projects(currentRound(), PROJECTS).stream()
                    .filter(p -> p.author().equals(name) && p.open()).count()).thenCompose(standing -> standing >= MAX_PROPOSALS
                    ? refused(name + " has " + MAX_PROPOSALS + " proposals in this round already; withdraw one to propose another")
                    : resolvable(proposal.recipient()).thenCompose(p -> p.isPresent() ? refused(p.get())
                            : act(id, r -> new ProjectEntity.Propose(name, trimmed(proposal), System.currentTimeMillis(), r))));
        });
    }

    public CompletionStage<ProjectResult> edit(Caller caller, String account, String project, ProjectEntity.Proposal proposal) {
        return asMember(caller, account, name -> resolvable(proposal.recipient()).thenCompose(p -> p.isPresent() ? refused(p.get())
                : act(project, r -> new ProjectEntity.Edit(name, trimmed(proposal), System.currentTimeMillis(), r))));
    }

    public CompletionStage<ProjectResult> withdraw(Caller caller, String account, String project) {
        return asMember(caller, account, name -> act(project, r -> new ProjectEntity.Withdraw(name, System.currentTimeMillis(), r)));
    }

    public CompletionStage<ProjectResult> comment(Caller caller, String account, String project, String text) {
        return asMember(caller, account, name -> act(project, r -> new ProjectEntity.AddComment(name, text, System.currentTimeMillis(), r)));
    }

    /** A vote of an account with work in the project's round; a later vote of the account replaces it. */
    public CompletionStage<ProjectResult> vote(Caller caller, String account, String project, boolean inFavour) {
        return asMember(caller, account, name -> entity(project).<ProjectEntity.Project>ask(ProjectEntity.GetProject::new, askTimeout)
                .thenCompose(p -> {
                    if (p.status() == ProjectEntity.Status.NONE) {
                        return refused("no such project");
                    }
                    return roundHashes(name, p.round()).thenCompose(hashes -> hashes.signum() <= 0
                            ? refused("only accounts that mined in round " + p.round() + " may vote; " + name + " has no work in it yet")
                            : act(project, r -> new ProjectEntity.CastVote(name, inFavour, System.currentTimeMillis(), r)));
                }));
    }

    /** Runs a member's action only for an account the acting wallet claimed (or for the operator). */
    private CompletionStage<ProjectResult> asMember(Caller caller, String account, Function<String, CompletionStage<ProjectResult>> action) {
        String name;
        try {
            name = WorkerName.account(account);
        } catch (WorkerName.InvalidWorkerName e) {
            return refused(e.getMessage());
        }
        return ClusterSharding.get(system).entityRefFor(MemberEntity.TYPE_KEY, name)
                .<MemberState>ask(MemberEntity.GetMember::new, askTimeout)
                .thenCompose(state -> {
                    if (caller instanceof Caller.Wallet w && !w.linkingKey().equals(state.ownership().boundKey())) {
                        return refused(state.ownership().claimed() ? "only the wallet that claimed " + name + " may act for it"
                                : "claim " + name + " first: put its claim code in a miner's password");
                    }
                    return action.apply(name);
                });
    }

    private CompletionStage<Optional<String>> resolvable(String recipient) {
        String to = recipient == null ? "" : recipient.trim();
        return CompletableFuture.supplyAsync(() -> PayoutDestination.problem(to, lnurl), blocking);
    }

    private static ProjectEntity.Proposal trimmed(ProjectEntity.Proposal p) {
        return new ProjectEntity.Proposal(p.title() == null ? null : p.title().strip(), p.description() == null ? "" : p.description().strip(),
                p.amountMsat(), p.recipient() == null ? null : p.recipient().trim());
    }

    private CompletionStage<ProjectResult> act(String project, Function<org.apache.pekko.actor.typed.ActorRef<StatusReply<Done>>,
            ProjectEntity.Command> command) {
        return entity(project).<Done>askWithStatus(command::apply, askTimeout).handle((done, failure) -> {
            if (failure == null) {
                return new ProjectResult.Done(project);
            }
            Throwable cause = Failures.unwrap(failure);
            if (cause instanceof StatusReply.ErrorMessage e) {
                return new ProjectResult.Refused(e.getMessage());
            }
            throw failure instanceof CompletionException c ? c : new CompletionException(cause);
        });
    }

    private EntityRef<ProjectEntity.Command> entity(String project) {
        return ClusterSharding.get(system).entityRefFor(ProjectEntity.TYPE_KEY, project);
    }

    private static CompletionStage<ProjectResult> refused(String why) {
        return CompletableFuture.completedFuture(new ProjectResult.Refused(why));
    }

    private static String newId() {
        StringBuilder b = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            b.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return b.toString();
    }

    private <T> CompletionStage<T> query(Supplier<T> q) {
        return CompletableFuture.supplyAsync(q, blocking);
    }
}
