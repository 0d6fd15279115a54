package club.micromining.lightning.node;

/**
 * An invoice this node issued.
 *
 * @param bolt11      the payment request
 * @param paymentHash 32 bytes
 * @param amountMsat  requested amount
 * @param settled     whether it was paid
 */
public record Invoice(String bolt11, byte[] paymentHash, long amountMsat, boolean settled) {
}
