package club.micromining.ops.api;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * {@code /health/alive}: the process answers. {@code /health/ready}: the node can take miners' work now
 * (its template source is current and the mining edge is up); 503 with the reasons otherwise.
 */
public final class HealthRoutes extends AllDirectives {
    private final Supplier<List<String>> notReadyReasons;

    /** @param notReadyReasons what keeps the node from being ready; empty when it is */
    public HealthRoutes(Supplier<List<String>> notReadyReasons) {
        this.notReadyReasons = notReadyReasons;
    }

    public Route routes() {
        return pathPrefix("health", () -> concat(
                path("alive", () -> get(() -> complete(StatusCodes.OK, Map.of("alive", true), Jackson.marshaller()))),
                path("ready", () -> get(() -> {
                    List<String> reasons = notReadyReasons.get();
                    return reasons.isEmpty()
                            ? complete(StatusCodes.OK, Map.of("ready", true), Jackson.marshaller())
                            : complete(StatusCodes.SERVICE_UNAVAILABLE, Map.of("ready", false, "reasons", reasons),
                                    Jackson.marshaller());
                }))));
    }
}
