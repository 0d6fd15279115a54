package club.micromining.ops.api;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.MissingQueryParamRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error the API answers is {@code {"error": "..."}}: rejections (a malformed body, a wrong media
 * type, a missing or malformed parameter, a wrong method, an unknown path) and failures, with a sentence of
 * ours, never the text of an exception inside (a parser's message names classes and offsets).
 */
public final class JsonErrors extends AllDirectives {
    private static final Logger log = LoggerFactory.getLogger(JsonErrors.class);

    private JsonErrors() {
    }

    static String body(String message) {
        try {
            return Json.MAPPER.writeValueAsString(new Json.ErrorBody(message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Route error(org.apache.pekko.http.javadsl.model.StatusCode status, String message) {
        return new JsonErrors().complete(HttpResponse.create().withStatus(status)
                .withEntity(ContentTypes.APPLICATION_JSON, body(message)));
    }

    static final RejectionHandler REJECTIONS = RejectionHandler.newBuilder()
            .handle(MalformedRequestContentRejection.class,
                    r -> error(StatusCodes.BAD_REQUEST, "the request body is not JSON of the expected shape"))
            .handle(UnsupportedRequestContentTypeRejection.class,
                    r -> error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "the request body must be application/json"))
            .handle(MissingQueryParamRejection.class,
                    r -> error(StatusCodes.BAD_REQUEST, "the query parameter '" + r.parameterName() + "' is required"))
            .handle(MalformedQueryParamRejection.class,
                    r -> error(StatusCodes.BAD_REQUEST, "the query parameter '" + r.parameterName() + "' is malformed"))
            .handleAll(MethodRejection.class, rs -> error(StatusCodes.METHOD_NOT_ALLOWED, "this path does not take that method"))
            .handleNotFound(error(StatusCodes.NOT_FOUND, "no such path"))
            .build()
            // Any other rejection: its status, in our shape, without its text.
            .withFallback(RejectionHandler.defaultHandler())
            .mapRejectionResponse(JsonErrors::asJson);

    private static HttpResponse asJson(HttpResponse response) {
        HttpEntity entity = response.entity();
        if (entity.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
            return response;
        }
        return response.withEntity(ContentTypes.APPLICATION_JSON, body(response.status().reason().toLowerCase(java.util.Locale.ROOT)));
    }

    /** The API's routes, answering every rejection and failure as JSON. */
    public static Route wrap(Route routes) {
        JsonErrors d = new JsonErrors();
        return d.handleRejections(REJECTIONS, () -> d.handleExceptions(org.apache.pekko.http.javadsl.server.ExceptionHandler.newBuilder()
                .matchAny(e -> {
                    log.warn("API request failed: {}", e.toString());
                    return error(StatusCodes.INTERNAL_SERVER_ERROR, "the node could not answer this request");
                }).build(), () -> routes));
    }
}
