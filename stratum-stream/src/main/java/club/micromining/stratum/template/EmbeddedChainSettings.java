package club.micromining.stratum.template;

import java.time.Duration;

/**
 * How the embedded chain behaves.
 *
 * @param startDifficulty block difficulty before any work has been seen
 * @param minDifficulty   the block difficulty never retargets below this
 * @param blockInterval   the block interval it retargets toward
 * @param templateTxs     synthetic transactions per template
 * @param refreshInterval how often a fresh template (new time, maybe new difficulty) is issued
 */
public record EmbeddedChainSettings(
        double startDifficulty,
        double minDifficulty,
        Duration blockInterval,
        int templateTxs,
        Duration refreshInterval) {

    public EmbeddedChainSettings {
        if (!(startDifficulty > 0) || !(minDifficulty > 0)) {
            throw new IllegalArgumentException("difficulties must be positive");
        }
        if (templateTxs < 0) {
            throw new IllegalArgumentException("template transactions cannot be negative");
        }
        if (blockInterval.isNegative() || blockInterval.isZero() || refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
    }

    /** The same chain aiming at another block interval (demos want blocks every couple of minutes). */
    public EmbeddedChainSettings withBlockInterval(Duration interval) {
        return new EmbeddedChainSettings(startDifficulty, minDifficulty, interval, templateTxs, refreshInterval);
    }
}
