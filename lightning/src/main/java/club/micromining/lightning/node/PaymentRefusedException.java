package club.micromining.lightning.node;

/**
 * The node refused to start a payment, so nothing was sent. {@link #alreadyKnown()} says the refusal was
 * because the node already has a payment for that hash (in flight or done): look it up instead.
 */
public final class PaymentRefusedException extends RuntimeException {
    private final boolean alreadyKnown;

    public PaymentRefusedException(String message, boolean alreadyKnown) {
        super(message, null, false, false);
        this.alreadyKnown = alreadyKnown;
    }

    public boolean alreadyKnown() {
        return alreadyKnown;
    }
}
