package club.micromining.ops.api;

import club.micromining.pool.facade.Club;
import club.micromining.pool.view.ProjectView;
import club.micromining.pool.view.RoundView;
import java.util.List;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The club's month, read-only: {@code GET /api/rounds}, {@code GET /api/rounds/{id}} (tickets, commitment,
 * draw), {@code GET /api/projects} ({@code ?round=} for one round) and {@code GET /api/projects/{id}}
 * (with comments and votes). Members act on projects in the web app, signed in with their wallet.
 */
public final class ClubRoutes extends AllDirectives {
    private static final Logger log = LoggerFactory.getLogger(ClubRoutes.class);

    /** Lists are objects, so they can grow fields. */
    public record Rounds(List<RoundView> rounds) {
    }

    public record Projects(List<ProjectView> projects) {
    }

    private final Club club;

    public ClubRoutes(Club club) {
        this.club = club;
    }

    public Route routes() {
        return handleExceptions(Json.readSideUnavailable(log), () -> pathPrefix("api", () -> concat(
                path("rounds", () -> get(() -> onSuccess(club.rounds(),
                        rounds -> complete(StatusCodes.OK, new Rounds(rounds), Json.marshaller())))),
                path(PathMatchers.segment("rounds").slash(PathMatchers.segment()), id -> get(() -> onSuccess(club.round(id),
                        round -> round.map(r -> complete(StatusCodes.OK, r, Json.<RoundView>marshaller()))
                                .orElseGet(() -> complete(StatusCodes.NOT_FOUND, new Json.ErrorBody("no round '" + id + "'"),
                                        Json.marshaller()))))),
                path("projects", () -> get(() -> parameterOptional("round", round -> onSuccess(club.projects(round.orElse(null)),
                        projects -> complete(StatusCodes.OK, new Projects(projects), Json.marshaller()))))),
                path(PathMatchers.segment("projects").slash(PathMatchers.segment()), id -> get(() -> onSuccess(club.project(id),
                        project -> project.map(p -> complete(StatusCodes.OK, p, Json.<ProjectView>marshaller()))
                                .orElseGet(() -> complete(StatusCodes.NOT_FOUND, new Json.ErrorBody("no project '" + id + "'"),
                                        Json.marshaller()))))))));
    }
}
