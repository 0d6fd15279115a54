package club.micromining.ops.api;

import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import club.micromining.stratum.session.WorkerName;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;
import org.bitcoinj.crypto.ECKey;

/**
 * {@code POST /api/accounts/{account}/payout} with {@code {"destination": ..., "thresholdMsat": ...}}:
 * where a member's payouts go. The destination is checked before it is stored: a Lightning Address must
 * resolve, a node key must be a valid public key. Until members log in (LNURL-auth comes with the web
 * app), only the operator may do this, with {@code Authorization: Bearer <POOL_ADMIN_TOKEN>}.
 */
public final class MemberRoutes extends AllDirectives {
    private final ClusterSharding sharding;
    private final LnurlPay lnurl;
    private final String adminToken;
    private final long defaultThresholdMsat;
    private final Executor blocking;

    public MemberRoutes(ClusterSharding sharding, LnurlPay lnurl, String adminToken, long defaultThresholdMsat, Executor blocking) {
        this.sharding = sharding;
        this.lnurl = lnurl;
        this.adminToken = adminToken;
        this.defaultThresholdMsat = defaultThresholdMsat;
        this.blocking = blocking;
    }

    public Route routes() {
        return path(PathMatchers.segment("api").slash("accounts").slash(PathMatchers.segment()).slash("payout"), account ->
                post(() -> optionalHeaderValueByName("Authorization", auth -> {
                    if (adminToken.isEmpty()) {
                        return complete(StatusCodes.FORBIDDEN, Map.of("error",
                                "payout settings can only be changed by the operator, and POOL_ADMIN_TOKEN is not set"), Jackson.marshaller());
                    }
                    if (auth.isEmpty() || !constantTimeEquals(auth.get(), "Bearer " + adminToken)) {
                        return complete(StatusCodes.UNAUTHORIZED, Map.of("error", "a valid operator token is required"),
                                Jackson.marshaller());
                    }
                    return entity(Jackson.unmarshaller(JsonNode.class), body -> set(account, body));
                })));
    }

    private Route set(String account, JsonNode body) {
        try {
            WorkerName name = WorkerName.parse(account);
            if (account.contains(".") || !name.account().equals(account)) {
                return bad("an account has no '.'");
            }
        } catch (WorkerName.InvalidWorkerName e) {
            return bad(e.getMessage());
        }
        String destination = body.path("destination").asText("").trim();
        long threshold = body.path("thresholdMsat").asLong(defaultThresholdMsat);
        if (threshold < 1_000) {
            return bad("thresholdMsat must be at least 1000");
        }
        CompletionStage<String> checked = CompletableFuture.supplyAsync(() -> check(destination), blocking);
        return onSuccess(checked, problem -> {
            if (problem != null) {
                return bad(problem);
            }
            CompletionStage<StatusReply<Done>> reply = sharding.entityRefFor(MemberEntity.TYPE_KEY, account).ask(
                    r -> new MemberEntity.SetPayoutSettings(new MemberState.PayoutSettings(destination, threshold), r),
                    Duration.ofSeconds(10));
            return onSuccess(reply, r -> r.isSuccess()
                    ? complete(StatusCodes.OK, Map.of("account", account, "destination", destination, "thresholdMsat", threshold),
                            Jackson.marshaller())
                    : bad(r.getError().getMessage()));
        });
    }

    /** Null when the destination can be paid, else why not. */
    private String check(String destination) {
        if (destination.matches("0[23][0-9a-fA-F]{64}")) {
            try {
                ECKey.fromPublicOnly(HexFormat.of().parseHex(destination));
                return null;
            } catch (IllegalArgumentException e) {
                return "'" + destination + "' is not a valid node public key";
            }
        }
        if (!LnurlPay.isLightningAddress(destination)) {
            return "destination must be a Lightning Address (name@domain) or a node public key (66 hex digits)";
        }
        try {
            lnurl.resolve(destination);
            return null;
        } catch (LnurlPay.LnurlException e) {
            return "the Lightning Address does not work: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private Route bad(String message) {
        return complete(StatusCodes.BAD_REQUEST, Map.of("error", message), Jackson.marshaller());
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
