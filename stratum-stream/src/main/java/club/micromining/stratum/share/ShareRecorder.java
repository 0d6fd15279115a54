package club.micromining.stratum.share;

import java.util.concurrent.CompletionStage;

/**
 * Where accepted shares go. The miner is told {@code true} only after the returned stage completes
 * normally; a failed stage is answered with an error, never with {@code true}.
 */
@FunctionalInterface
public interface ShareRecorder {
    CompletionStage<Void> record(AcceptedShare share);
}
