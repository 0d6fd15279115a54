package club.micromining.lightning.node;

/**
 * A payment as the sending node knows it.
 *
 * @param paymentHash 32 bytes: what identifies the payment; a node never pays one hash twice
 * @param status      where it is
 * @param amountMsat  amount sent to the destination
 * @param feeMsat     routing fees paid (0 unless succeeded)
 * @param preimage    proof of payment when succeeded, else null
 * @param failure     why it failed, else null
 */
public record Payment(byte[] paymentHash, Status status, long amountMsat, long feeMsat, byte[] preimage, String failure) {

    public enum Status {
        IN_FLIGHT, SUCCEEDED, FAILED
    }

    public boolean settled() {
        return status == Status.SUCCEEDED;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
