package club.micromining.stratum.server;

/**
 * The Stratum listener and its limits.
 *
 * @param bindHost               address to listen on
 * @param port                   port (0 picks a free one, for tests)
 * @param maxLineBytes           longest line accepted; a longer one closes the connection
 * @param maxConnections         connections the node holds at most
 * @param maxConnectionsPerAddress connections from one remote address at most
 * @param backlog                TCP accept backlog, so a burst of connects is queued, not refused
 * @param maxWaitingReplies      share replies that may wait for recording before reading pauses
 * @param maxQueuedMessages      messages queued for a miner that does not read before it is dropped
 * @param maxInFlightShares      share replies waiting for the recorder node-wide before reads pause
 * @param inFlightLatencyTarget  how long a share may wait for the recorder before the node-wide bound
 *                               shrinks (it grows back while shares are recorded faster)
 */
public record ServerSettings(
        String bindHost,
        int port,
        int maxLineBytes,
        int maxConnections,
        int maxConnectionsPerAddress,
        int backlog,
        int maxWaitingReplies,
        int maxQueuedMessages,
        int maxInFlightShares,
        java.time.Duration inFlightLatencyTarget) {
}
