package club.micromining.ops.api;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * What the HTTP server answers to a request it cannot even parse (a URI too long, a header too large, a
 * malformed request line): the status, and {@code {"error": ...}} in the API's shape, named in
 * {@code pekko.http.server.parsing.error-handler}. It is looked up as a Scala object, hence {@code MODULE$}.
 */
public final class JsonParsingErrors extends ParsingErrorHandler {
    public static final JsonParsingErrors MODULE$ = new JsonParsingErrors();

    private JsonParsingErrors() {
    }

    @Override
    public org.apache.pekko.http.javadsl.model.HttpResponse handle(StatusCode status, ErrorInfo error, LoggingAdapter log,
                                                                   ServerSettings settings) {
        if (log != null) {
            log.debug("Request refused before routing: {} {}", status, error.summary());
        }
        return org.apache.pekko.http.javadsl.model.HttpResponse.create().withStatus(status.intValue())
                .withEntity(ContentTypes.APPLICATION_JSON, JsonErrors.body(status.reason().toLowerCase(java.util.Locale.ROOT)));
    }
}
