package club.micromining.web.port;

import club.micromining.pool.facade.Caller;
import club.micromining.pool.facade.Club;
import club.micromining.pool.facade.ProjectResult;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.view.ProjectView;
import club.micromining.pool.view.RoundView;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** The raffle and project pages' port on the club's facade. */
public final class ClubMonthPort implements MonthPort {
    private final Club club;

    public ClubMonthPort(Club club) {
        this.club = club;
    }

    @Override
    public CompletionStage<List<RoundView>> rounds() {
        return club.rounds();
    }

    @Override
    public CompletionStage<Optional<RoundView>> round(String id) {
        return club.round(id);
    }

    @Override
    public String currentRound() {
        return club.currentRound();
    }

    @Override
    public Voting.Window window(String round) {
        return club.voting().window(round);
    }

    @Override
    public long eurPerBtc() {
        return club.eurPerBtc();
    }

    @Override
    public CompletionStage<List<ProjectView>> projects(String round) {
        return club.projects(round);
    }

    @Override
    public CompletionStage<Optional<ProjectView>> project(String id) {
        return club.project(id);
    }

    @Override
    public CompletionStage<BigInteger> roundHashes(String account, String round) {
        return club.roundHashes(account, round);
    }

    @Override
    public CompletionStage<ProjectResult> propose(String linkingKey, String account, ProjectEntity.Proposal proposal) {
        return club.propose(new Caller.Wallet(linkingKey), account, proposal);
    }

    @Override
    public CompletionStage<ProjectResult> edit(String linkingKey, String account, String project, ProjectEntity.Proposal proposal) {
        return club.edit(new Caller.Wallet(linkingKey), account, project, proposal);
    }

    @Override
    public CompletionStage<ProjectResult> withdraw(String linkingKey, String account, String project) {
        return club.withdraw(new Caller.Wallet(linkingKey), account, project);
    }

    @Override
    public CompletionStage<ProjectResult> comment(String linkingKey, String account, String project, String text) {
        return club.comment(new Caller.Wallet(linkingKey), account, project, text);
    }

    @Override
    public CompletionStage<ProjectResult> vote(String linkingKey, String account, String project, boolean inFavour) {
        return club.vote(new Caller.Wallet(linkingKey), account, project, inFavour);
    }
}
