package club.micromining.persistence.projection;

import club.micromining.pool.alerts.AlertDelivery;
import club.micromining.pool.member.MemberEntity;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Hands every raised alert with a webhook to the delivery, at least once and in order; the offset moves
 * on once the delivery finished (delivered, or given up on after its retries).
 */
final class AlertWebhooks extends Handler<EventEnvelope<MemberEntity.Event>> {
    private final AlertDelivery delivery;

    AlertWebhooks(AlertDelivery delivery) {
        this.delivery = delivery;
    }

    @Override
    public CompletionStage<Done> process(EventEnvelope<MemberEntity.Event> envelope) {
        if (envelope.event() instanceof MemberEntity.AlertsRaised e && e.webhookUrl() != null && !e.alerts().isEmpty()) {
            return delivery.deliver(MemberEntity.accountOf(envelope.persistenceId()), e.webhookUrl(), e.alerts())
                    .thenApply(v -> Done.getInstance());
        }
        return CompletableFuture.completedFuture(Done.getInstance());
    }
}
