package club.micromining.lightning.node;

/**
 * An invoice this node issued, as the node knows it now.
 *
 * @param bolt11          the payment request
 * @param paymentHash     32 bytes
 * @param amountMsat      what was requested while it is open (or canceled), what was paid once settled
 * @param state           where it is
 * @param expiresAtMillis when it stops being payable (Unix milliseconds); past it, an unpaid invoice is canceled
 */
public record Invoice(String bolt11, byte[] paymentHash, long amountMsat, State state, long expiresAtMillis) {

    public enum State {
        OPEN, SETTLED, CANCELED
    }

    public boolean settled() {
        return state == State.SETTLED;
    }
}
