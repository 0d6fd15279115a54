package club.micromining.persistence.projection;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.stream.javadsl.Source;

/** A projection's events that pass {@link YieldToShares}' gate one by one: held back while the share path is behind. */
final class YieldingSourceProvider<E> extends SourceProvider<Offset, EventEnvelope<E>> {
    private final SourceProvider<Offset, EventEnvelope<E>> events;
    private final YieldToShares yielding;

    YieldingSourceProvider(SourceProvider<Offset, EventEnvelope<E>> events, YieldToShares yielding) {
        this.events = events;
        this.yielding = yielding;
    }

    @Override
    public CompletionStage<Source<EventEnvelope<E>, NotUsed>> source(Supplier<CompletionStage<Optional<Offset>>> offset) {
        return events.source(offset).thenApply(source -> {
            YieldToShares.Gate gate = yielding.gate();
            return source.mapAsync(1, e -> gate.pass().thenApply(open -> e));
        });
    }

    @Override
    public Offset extractOffset(EventEnvelope<E> envelope) {
        return events.extractOffset(envelope);
    }

    @Override
    public long extractCreationTime(EventEnvelope<E> envelope) {
        return events.extractCreationTime(envelope);
    }
}
