package club.micromining.ops.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.pekko.http.javadsl.marshalling.Marshaller;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.RequestEntity;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.http.javadsl.model.HttpEntity;

/** How the API writes and reads JSON: the pool's view records as they are, times as ISO-8601 instants. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {
    }

    /** Every error the API answers: {@code {"error": "..."}}. */
    public record ErrorBody(String error) {
    }

    /**
     * What a route over the read side answers when it fails: 503 and a sentence, the failure logged (the read
     * side's database away, say), never its text in the answer.
     */
    public static org.apache.pekko.http.javadsl.server.ExceptionHandler readSideUnavailable(org.slf4j.Logger log) {
        return org.apache.pekko.http.javadsl.server.ExceptionHandler.newBuilder().matchAny(e -> {
            log.warn("API request failed: {}", e.toString());
            return org.apache.pekko.http.javadsl.server.Directives.complete(
                    org.apache.pekko.http.javadsl.model.StatusCodes.SERVICE_UNAVAILABLE,
                    new ErrorBody("the pool's read side is not available right now"), marshaller());
        }).build();
    }

    public static <T> Marshaller<T, RequestEntity> marshaller() {
        return Jackson.marshaller(MAPPER);
    }

    public static <T> Unmarshaller<HttpEntity, T> unmarshaller(Class<T> type) {
        return Jackson.unmarshaller(MAPPER, type);
    }
}
