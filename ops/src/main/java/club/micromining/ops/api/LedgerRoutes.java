package club.micromining.ops.api;

import club.micromining.persistence.ledger.Checkpoint;
import club.micromining.pool.ledger.Jcs;
import club.micromining.persistence.ledger.LedgerStore;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public ledger over HTTP (README, "The public ledger"): entries as JSON lines, roots, the signed
 * checkpoint, the key, inclusion and consistency proofs, and the whole export {@code verify-ledger} reads.
 */
public final class LedgerRoutes extends AllDirectives {
    private static final Logger log = LoggerFactory.getLogger(LedgerRoutes.class);
    private static final int MAX_PAGE = 5_000;

    private final LedgerStore ledger;
    private final Executor blocking;

    public LedgerRoutes(LedgerStore ledger, Executor blocking) {
        this.ledger = ledger;
        this.blocking = blocking;
    }

    private static final org.apache.pekko.http.javadsl.model.ContentType.WithCharset NDJSON = ContentTypes.create(
            org.apache.pekko.http.javadsl.model.MediaTypes.applicationWithOpenCharset("x-ndjson"),
            org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8);
    /** The export reads the database as the client takes it: on the dispatcher meant for blocking calls. */
    private static final String BLOCKING_DISPATCHER = "pekko.actor.default-blocking-io-dispatcher";

    private static HttpResponse text(String body, boolean jsonLines) {
        return HttpResponse.create().withStatus(StatusCodes.OK).withEntity(jsonLines ? HttpEntities.create(NDJSON, body)
                : HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, body));
    }

    /** The ledger's public key, in hex and in the signed-note verifier form. */
    public record KeyView(String origin, String publicKey, String verifierKey) {
    }

    /** A body as JSON: the ledger's own documents (roots, proofs) as they are, records by Jackson. */
    private static HttpResponse json(org.apache.pekko.http.javadsl.model.StatusCode status, Object body) {
        try {
            String text = body instanceof com.fasterxml.jackson.databind.JsonNode n ? n.toString() : Json.MAPPER.writeValueAsString(body);
            return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON, text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse json(Object body) {
        return json(StatusCodes.OK, body);
    }

    private static HttpResponse error(org.apache.pekko.http.javadsl.model.StatusCode status, String message) {
        return json(status, new Json.ErrorBody(message));
    }

    private Route read(Supplier<HttpResponse> answer) {
        return completeWithFuture(CompletableFuture.supplyAsync(answer, blocking));
    }

    private static long number(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'");
        }
    }

    public Route routes() {
        return handleExceptions(ExceptionHandler.newBuilder()
                .match(IllegalArgumentException.class, e -> complete(error(StatusCodes.BAD_REQUEST, e.getMessage())))
                .matchAny(e -> {
                    log.warn("Ledger request failed: {}", e.toString());
                    return complete(error(StatusCodes.SERVICE_UNAVAILABLE, "the ledger is not available right now"));
                }).build(), () -> pathPrefix("api", () -> pathPrefix("ledger", () -> get(() -> concat(
                pathEnd(() -> parameterOptional("from", from -> parameterOptional("limit", limit -> parameterOptional("account",
                        account -> parameterOptional("kind", kind -> {
                            long start = from.map(f -> number(f, "from")).orElse(0L);
                            int n = (int) Math.min(MAX_PAGE, Math.max(1, limit.map(l -> number(l, "limit")).orElse(1_000L)));
                            if (start < 0) {
                                throw new IllegalArgumentException("from must not be negative");
                            }
                            return read(() -> text(String.join("\n", ledger.entries(start, n, account.orElse(null), kind.orElse(null)))
                                    + "\n", true));
                        }))))),
                path(PathMatchers.segment("roots").slash(PathMatchers.longSegment()).slash("ots"), n -> read(() -> ledger.ots(n)
                        .map(b -> HttpResponse.create().withStatus(StatusCodes.OK).withEntity(ContentTypes.APPLICATION_OCTET_STREAM, b))
                        .orElseGet(() -> error(StatusCodes.NOT_FOUND, "root " + n + " has no OpenTimestamps proof (POOL_OTS_CALENDARS)")))),
                path("roots", () -> read(() -> {
                    ArrayNode roots = Jcs.JSON.createArrayNode();
                    ledger.roots().forEach(r -> roots.add(r.json()));
                    return json(roots);
                })),
                path("checkpoint", () -> read(() -> ledger.latestRoot().map(r -> text(r.checkpoint(), false))
                        .orElseGet(() -> error(StatusCodes.NOT_FOUND, "no period has been sealed yet")))),
                path("key", () -> complete(json(new KeyView(ledger.origin(), ledger.key().publicKeyHex(),
                        Checkpoint.verifierKey(ledger.origin(), ledger.key().publicKey()))))),
                path("proof", () -> parameter("seq", seq -> {
                    long n = number(seq, "seq");
                    return read(() -> ledger.inclusionProof(n).map(p -> json(p))
                            .orElseGet(() -> error(StatusCodes.NOT_FOUND, "entry " + n + " is not in the latest signed tree head")));
                })),
                path("consistency", () -> parameter("from", from -> parameter("to", to -> {
                    long a = number(from, "from");
                    long b = number(to, "to");
                    return read(() -> ledger.consistencyProof(a, b).map(p -> json(p)).orElseGet(() -> error(StatusCodes.NOT_FOUND,
                            "no consistency proof from " + a + " to " + b + ": 0 < from <= to <= the latest tree size")));
                }))),
                path("export", () -> complete(HttpResponse.create().withStatus(StatusCodes.OK).withEntity(HttpEntities.create(NDJSON,
                        Source.fromIterator(ledger::exportLines).map(line -> ByteString.fromString(line + "\n"))
                                .withAttributes(ActorAttributes.dispatcher(BLOCKING_DISPATCHER)))))))))));
    }
}
