package club.micromining.lightning.node;

import club.micromining.lightning.bolt11.Bolt11Invoice;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The pool's Lightning node: LND, or the embedded simulated node. Payments are identified by their hash;
 * a node never sends two payments for one hash, so sending the same invoice again after a crash cannot
 * pay twice, and {@link #lookupPayment} tells what became of one.
 */
public interface LightningNode extends AutoCloseable {

    /**
     * Pays a BOLT 11 invoice. Completes with the payment once it has succeeded or failed; completes
     * exceptionally with {@link PaymentRefusedException} when the node did not start it, or with another
     * exception when the outcome is unknown (then look it up by hash).
     */
    CompletionStage<Payment> pay(String bolt11, long feeLimitMsat, Duration timeout);

    /** Sends {@code amountMsat} to a node by its public key, with a preimage the sender chose (keysend). */
    CompletionStage<Payment> keysend(byte[] destination, long amountMsat, byte[] preimage, long feeLimitMsat, Duration timeout);

    /** What the node knows of the payment with this hash; empty when it never saw one. */
    CompletionStage<Optional<Payment>> lookupPayment(byte[] paymentHash);

    /** Issues an invoice; {@code descriptionHash} (LNURL-pay) replaces the description when given. */
    CompletionStage<Invoice> createInvoice(long amountMsat, String description, byte[] descriptionHash, Duration expiry);

    /**
     * What the node knows of an invoice it issued; empty when it issued none with this hash. An unpaid invoice
     * past its expiry is {@link Invoice.State#CANCELED}. This is how invoices settled while the pool was down are
     * caught up on, since {@link #watchSettledInvoices} reports only what is settled while it watches.
     */
    CompletionStage<Optional<Invoice>> lookupInvoice(byte[] paymentHash);

    /** Calls {@code settled} for every invoice of this node that gets paid, until the returned handle is closed. */
    AutoCloseable watchSettledInvoices(Consumer<Invoice> settled);

    CompletionStage<Balances> balances();

    /** The node's public key, 33 bytes. */
    byte[] identityKey();

    @Override
    void close();

    /**
     * The invoice decoded, if a node can pay it: well-formed, with an amount, not expired. Checked before
     * anything reaches a node, so such an invoice fails at once and for certain.
     *
     * @throws PaymentRefusedException saying why it cannot be paid
     */
    static Bolt11Invoice payable(String bolt11) {
        Bolt11Invoice invoice;
        try {
            invoice = Bolt11Invoice.decode(bolt11);
        } catch (Bolt11Invoice.InvalidInvoice e) {
            throw new PaymentRefusedException("invalid invoice: " + e.getMessage(), false);
        }
        if (invoice.amountMsat() == null) {
            throw new PaymentRefusedException("the invoice has no amount", false);
        }
        if (invoice.expiredAt(System.currentTimeMillis() / 1000)) {
            throw new PaymentRefusedException("the invoice has expired", false);
        }
        return invoice;
    }
}
