package club.micromining.stratum.session;

import club.micromining.stratum.vardiff.DifficultyBounds;
import java.time.Duration;

/**
 * How each connection behaves.
 *
 * @param versionMask         the pool's version-rolling mask (BIP 310)
 * @param difficulty          share difficulty bounds and start
 * @param shareInterval       vardiff aims at one share per this interval
 * @param vardiffWindow       the sliding window vardiff counts shares in
 * @param submitsPerSecond    sustained submit rate a connection may use; above it (after a burst of
 *                            twice as many) the connection is closed
 * @param handshakeTimeout    a connection must be authorized within this much of its miner's time (see {@link SessionIo#waitedNanos()})
 * @param idleTimeout         a connection whose miner is silent for this long is closed (the same clock)
 * @param maxProtocolErrors   malformed or unknown requests tolerated before the connection is closed
 * @param jobsPerConnection   jobs a connection remembers; shares for older ones are "job not found"
 */
public record SessionSettings(
        int versionMask,
        DifficultyBounds difficulty,
        Duration shareInterval,
        Duration vardiffWindow,
        double submitsPerSecond,
        Duration handshakeTimeout,
        Duration idleTimeout,
        int maxProtocolErrors,
        int jobsPerConnection) {
}
