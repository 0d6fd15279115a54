package club.micromining.lightning.node;

/**
 * What a node can send and receive over its channels.
 *
 * @param outboundMsat what it can send
 * @param inboundMsat  what it can receive
 */
public record Balances(long outboundMsat, long inboundMsat) {
}
