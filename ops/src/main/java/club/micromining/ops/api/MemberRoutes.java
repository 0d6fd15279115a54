package club.micromining.ops.api;

import club.micromining.pool.facade.PayoutSettingsResult;
import club.micromining.pool.facade.Pool;
import club.micromining.stratum.session.WorkerName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code POST /api/accounts/{account}/payout} with {@code {"destination": ..., "thresholdMsat": ...}}:
 * where a member's payouts go (the facade checks the destination before it is stored). Until members log
 * in (LNURL-auth comes with the web app), only the operator may do this, with
 * {@code Authorization: Bearer <POOL_ADMIN_TOKEN>}.
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
        return path(PathMatchers.segment("api").slash("accounts").slash(PathMatchers.segment()).slash("payout"), account ->
                post(() -> optionalHeaderValueByName("Authorization", auth -> {
                    if (adminToken.isEmpty()) {
                        return complete(StatusCodes.FORBIDDEN, new Json.ErrorBody(
                                "payout settings can only be changed by the operator, and POOL_ADMIN_TOKEN is not set"), Json.marshaller());
                    }
                    if (auth.isEmpty() || !constantTimeEquals(auth.get(), "Bearer " + adminToken)) {
                        return complete(StatusCodes.UNAUTHORIZED, new Json.ErrorBody("a valid operator token is required"),
                                Json.marshaller());
                    }
                    return entity(Json.unmarshaller(PayoutSettingsRequest.class), body -> set(account, body));
                })));
    }

    private Route set(String account, PayoutSettingsRequest body) {
        CompletionStage<PayoutSettingsResult> result;
        try {
            result = pool.setPayoutSettings(account, body.destination(),
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
