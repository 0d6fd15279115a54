package club.micromining.ops.api;

import club.micromining.lightning.lnurl.LnurlPayService;
import club.micromining.pool.facade.Pool;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code GET /api/lnurl-auth?tag=login&k1=...&sig=...&key=...}: a wallet's answer to a login challenge
 * (LUD-04), answered {@code {"status":"OK"}} or {@code {"status":"ERROR","reason":...}}; the page that
 * showed the challenge then finds itself logged in.
 */
public final class LoginRoutes extends AllDirectives {
    private final Pool pool;

    public LoginRoutes(Pool pool) {
        this.pool = pool;
    }

    public Route routes() {
        return path(org.apache.pekko.http.javadsl.server.PathMatchers.segment("api").slash("lnurl-auth"), () -> get(() ->
                parameterOptional("tag", tag -> parameterOptional("k1", k1 -> parameterOptional("sig", sig ->
                        parameterOptional("key", key -> {
                            if (tag.isPresent() && !tag.get().equals("login")) {
                                return error("only tag=login is served here");
                            }
                            if (k1.isEmpty() || sig.isEmpty() || key.isEmpty()) {
                                return error("k1, sig and key are required");
                            }
                            return onSuccess(pool.logins().answer(k1.get(), sig.get(), key.get()), answered -> answered.ok()
                                    ? complete(StatusCodes.OK, new LnurlPayService.OkAnswer(), Json.marshaller())
                                    : error(answered.error()));
                        }))))));
    }

    private Route error(String reason) {
        return complete(StatusCodes.OK, new LnurlPayService.ErrorAnswer(reason), Json.marshaller());
    }
}
