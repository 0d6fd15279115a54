package club.micromining.web.port;

import club.micromining.pool.facade.ProjectResult;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.view.ProjectView;
import club.micromining.pool.view.RoundView;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the raffle and project pages ask of the club: rounds and their draws, projects and their votes, and a
 * member's actions on them, each naming the wallet, which the domain authorizes again. Every stage
 * completes off the UI thread.
 */
public interface MonthPort {

    CompletionStage<List<RoundView>> rounds();

    CompletionStage<Optional<RoundView>> round(String id);

    String currentRound();

    Voting.Window window(String round);

    long eurPerBtc();

    /** Of one round, or all ({@code round} null), newest first. */
    CompletionStage<List<ProjectView>> projects(String round);

    CompletionStage<Optional<ProjectView>> project(String id);

    /** An account's work in a round, in hashes. */
    CompletionStage<BigInteger> roundHashes(String account, String round);

    CompletionStage<ProjectResult> propose(String linkingKey, String account, ProjectEntity.Proposal proposal);

    CompletionStage<ProjectResult> edit(String linkingKey, String account, String project, ProjectEntity.Proposal proposal);

    CompletionStage<ProjectResult> withdraw(String linkingKey, String account, String project);

    CompletionStage<ProjectResult> comment(String linkingKey, String account, String project, String text);

    CompletionStage<ProjectResult> vote(String linkingKey, String account, String project, boolean inFavour);
}
