package club.micromining.pool.alerts;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where raised alerts go once they are in the journal (the read side calls it for each, at least once, in
 * order): the member's webhook.
 */
@FunctionalInterface
public interface AlertDelivery {
    CompletionStage<?> deliver(String account, String webhookUrl, List<Alerts.Alert> alerts);
}
