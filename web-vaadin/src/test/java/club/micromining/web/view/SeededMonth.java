package club.micromining.web.view;

import club.micromining.pool.facade.ProjectResult;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.raffle.Rounds;
import club.micromining.pool.view.ProjectView;
import club.micromining.pool.view.RoundView;
import club.micromining.web.port.MonthPort;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Two rounds (one open, one drawn) and two projects (one open for votes, one paid), for the view tests; it remembers what members did. */
final class SeededMonth implements MonthPort {
    static final long DEC_START = 1_796_083_200_000L;
    final List<String> actions = new ArrayList<>();
    private final Voting voting = new Voting(Rounds.parse("month"), Duration.ofDays(40), Voting.Weight.ONE, 0);

    static final RoundView CURRENT = new RoundView("2026-12", DEC_START, 1_798_761_600_000L, "open", "linear", 30_000, 90_000, "400", "0.0000001",
            List.of(new RoundView.Ticket("alice", "300"), new RoundView.Ticket("bob", "100")), null, null);
    static final RoundView DRAWN = new RoundView("2026-11", 1_793_491_200_000L, DEC_START, "drawn", "linear", 20_002, 80_000, "5", "0.000000002",
            List.of(new RoundView.Ticket("alice", "4"), new RoundView.Ticket("bob", "1")),
            new RoundView.Commitment(7, "ab".repeat(32), 870_000, 870_006),
            new RoundView.Draw(9, 870_006, "cd".repeat(32), "ef".repeat(32), 1, "alice", 20_002, 100, 20_002, "credited"));
    static final ProjectView OPEN = new ProjectView("p1", "2026-12", "alice", "Solar panel for the club's BitAxes",
            "Four BitAxes run all day.\n<b>Not bold</b>", 50_000_000, "club@wallet.example", "proposed", DEC_START + 1000, "0", "0", 0, 0,
            null, null, 0, 0, List.of(new ProjectView.Comment("bob", "Good idea", DEC_START + 2000)),
            List.of(new ProjectView.Vote("bob", true, DEC_START + 3000)));
    static final ProjectView PAID = new ProjectView("p2", "2026-11", "bob", "Workshop", "A soldering workshop.", 10_000_000,
            "bob@wallet.example", "paid", DEC_START - 100_000, "3", "1", 4, 1, "12".repeat(32), "34".repeat(32), 20, DEC_START + 5000,
            List.of(), List.of());

    private static <T> CompletionStage<T> now(T value) {
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletionStage<List<RoundView>> rounds() {
        return now(List.of(CURRENT.summary(), DRAWN.summary()));
    }

    @Override
    public CompletionStage<Optional<RoundView>> round(String id) {
        return now(id.equals("2026-12") ? Optional.of(CURRENT) : id.equals("2026-11") ? Optional.of(DRAWN) : Optional.empty());
    }

    @Override
    public String currentRound() {
        return "2026-12";
    }

    @Override
    public Voting.Window window(String round) {
        return voting.window(round);
    }

    @Override
    public long eurPerBtc() {
        return 90_000;
    }

    @Override
    public CompletionStage<List<ProjectView>> projects(String round) {
        return now(List.of(OPEN, PAID));
    }

    @Override
    public CompletionStage<Optional<ProjectView>> project(String id) {
        return now(id.equals("p1") ? Optional.of(OPEN) : id.equals("p2") ? Optional.of(PAID) : Optional.empty());
    }

    @Override
    public CompletionStage<BigInteger> roundHashes(String account, String round) {
        return now(account.equals("alice") ? BigInteger.valueOf(300) : BigInteger.ZERO);
    }

    @Override
    public CompletionStage<ProjectResult> propose(String linkingKey, String account, ProjectEntity.Proposal proposal) {
        actions.add("propose " + account + " " + proposal.title() + " " + proposal.amountMsat());
        return now(new ProjectResult.Done("p3"));
    }

    @Override
    public CompletionStage<ProjectResult> edit(String linkingKey, String account, String project, ProjectEntity.Proposal proposal) {
        actions.add("edit " + project + " " + proposal.title());
        return now(new ProjectResult.Done(project));
    }

    @Override
    public CompletionStage<ProjectResult> withdraw(String linkingKey, String account, String project) {
        actions.add("withdraw " + project);
        return now(new ProjectResult.Done(project));
    }

    @Override
    public CompletionStage<ProjectResult> comment(String linkingKey, String account, String project, String text) {
        actions.add("comment " + project + " " + text);
        return now(new ProjectResult.Done(project));
    }

    @Override
    public CompletionStage<ProjectResult> vote(String linkingKey, String account, String project, boolean inFavour) {
        actions.add("vote " + account + " " + project + " " + inFavour);
        return now(account.equals("alice") ? new ProjectResult.Done(project)
                : new ProjectResult.Refused("only accounts that mined in round 2026-12 may vote; " + account + " has no work in it yet"));
    }
}
