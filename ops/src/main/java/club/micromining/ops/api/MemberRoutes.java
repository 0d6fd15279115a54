package club.micromining.ops.api;

import club.micromining.pool.facade.Caller;
import club.micromining.pool.facade.PayoutSettingsResult;
import club.micromining.pool.facade.Pool;
import club.micromining.stratum.session.WorkerName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The operator's account routes, with {@code Authorization: Bearer <POOL_ADMIN_TOKEN>}:
 * {@code POST /api/accounts/{account}/payout} with {@code {"destination": ..., "thresholdMsat": ...}} sets
 * where an account's payouts go (the facade checks the destination first), claimed or not;
 * {@code POST /api/accounts/{account}/release} frees an account from the wallet that claimed it. Members
 * change their own claimed accounts in the web app.
 */
public final class MemberRoutes extends AllDirectives {
    private final Pool pool;
    private final String adminToken;

    /** What the operator sends; a missing threshold means the pool's default. */
    public record PayoutSettingsRequest(String destination, Long thresholdMsat) {
    }

    public MemberRoutes(Pool pool, String adminToken) {
        this.pool = pool;
        this.adminToken = adminToken;
    }

    public Route routes() {
        return concat(
                path(PathMatchers.segment("api").slash("accounts").slash(PathMatchers.segment()).slash("payout"), account ->
                        post(() -> asOperator(() -> entity(Json.unmarshaller(PayoutSettingsRequest.class), body -> set(account, body))))),
                path(PathMatchers.segment("api").slash("accounts").slash(PathMatchers.segment()).slash("release"), account ->
                        post(() -> asOperator(() -> release(account)))));
    }

    /** Operator routes need POOL_ADMIN_TOKEN as a bearer token. */
    private Route asOperator(Supplier<Route> inner) {
        return optionalHeaderValueByName("Authorization", auth -> {
            if (adminToken.isEmpty()) {
                return complete(StatusCodes.FORBIDDEN, new Json.ErrorBody(
                        "this route is for the operator, and POOL_ADMIN_TOKEN is not set"), Json.marshaller());
            }
            if (auth.isEmpty() || !constantTimeEquals(auth.get(), "Bearer " + adminToken)) {
                return complete(StatusCodes.UNAUTHORIZED, new Json.ErrorBody("a valid operator token is required"),
                        Json.marshaller());
            }
            return inner.get();
        });
    }

    private Route release(String account) {
        try {
            String name = WorkerName.account(account);
            return onSuccess(pool.releaseClaim(new Caller.Operator(), name),
                    done -> complete(StatusCodes.OK, new Released(name, true), Json.marshaller()));
        } catch (WorkerName.InvalidWorkerName e) {
            return complete(StatusCodes.BAD_REQUEST, new Json.ErrorBody(e.getMessage()), Json.marshaller());
        }
    }

    /** The answer to a release: the account is unclaimed now. */
    public record Released(String account, boolean released) {
    }

    private Route set(String account, PayoutSettingsRequest body) {
        CompletionStage<PayoutSettingsResult> result;
        try {
            result = pool.setPayoutSettings(new Caller.Operator(), account, body.destination(),
                    body.thresholdMsat() == null ? OptionalLong.empty() : OptionalLong.of(body.thresholdMsat()));
        } catch (WorkerName.InvalidWorkerName e) {
            return complete(StatusCodes.BAD_REQUEST, new Json.ErrorBody(e.getMessage()), Json.marshaller());
        }
        return onSuccess(result, r -> r instanceof PayoutSettingsResult.Refused refused
                ? complete(StatusCodes.BAD_REQUEST, new Json.ErrorBody(refused.reason()), Json.marshaller())
                : complete(StatusCodes.OK, r, Json.marshaller()));
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
