package club.micromining.ops.api;

import club.micromining.pool.facade.Pool;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.BlockView;
import club.micromining.stratum.session.WorkerName;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only JSON API: {@code GET /api/pool}, {@code GET /api/blocks} and
 * {@code GET /api/accounts/{account}}, the pool's views as the facade answers them.
 */
public final class PoolApiRoutes extends AllDirectives {
    private static final Logger log = LoggerFactory.getLogger(PoolApiRoutes.class);
    private static final int BLOCKS_LISTED = 100;

    private final Pool pool;

    public PoolApiRoutes(Pool pool) {
        this.pool = pool;
    }

    public Route routes() {
        return handleExceptions(Json.readSideUnavailable(log), () -> pathPrefix("api", () -> concat(
                path("pool", () -> get(() -> onSuccess(pool.summary(), view -> complete(StatusCodes.OK, view, Json.marshaller())))),
                path("blocks", () -> get(() -> onSuccess(pool.blocks(BLOCKS_LISTED),
                        blocks -> complete(StatusCodes.OK, new BlockView.Listed(blocks), Json.marshaller())))),
                path(PathMatchers.segment("accounts").slash(PathMatchers.segment()), account -> get(() -> account(account))))));
    }

    private Route account(String account) {
        CompletionStage<Optional<AccountView>> found;
        try {
            found = pool.account(account);
        } catch (WorkerName.InvalidWorkerName e) {
            return complete(StatusCodes.BAD_REQUEST, new Json.ErrorBody(e.getMessage()), Json.marshaller());
        }
        return onSuccess(found, view -> view
                .map(v -> complete(StatusCodes.OK, v, Json.<AccountView>marshaller()))
                .orElseGet(() -> complete(StatusCodes.NOT_FOUND, new Json.ErrorBody("unknown account '" + account + "'"),
                        Json.marshaller())));
    }
}
