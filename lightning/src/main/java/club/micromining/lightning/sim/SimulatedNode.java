package club.micromining.lightning.sim;

import club.micromining.lightning.bolt11.Bolt11Invoice;
import club.micromining.lightning.node.Balances;
import club.micromining.lightning.node.Invoice;
import club.micromining.lightning.node.LightningNode;
import club.micromining.lightning.node.Payment;
import club.micromining.lightning.node.PaymentRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;

/**
 * The embedded Lightning node: channels with balances, invoices with real preimages and hashes,
 * payments that settle at once with the issuer's preimage. It can be told to fail, hang or settle late,
 * and to charge fees, so the pool's failure paths run without LND.
 *
 * <p>With a state file, every payment it makes, every invoice it issues and every settlement of one is appended
 * (and forced to disk) before it counts, so after the pool process is killed and started again the node still
 * knows what it paid and what it was paid: like LND, it never pays one hash twice, and its invoices can still be
 * paid, once, and looked up.
 */
public final class SimulatedNode implements LightningNode {
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final BigInteger FEATURES = BigInteger.ONE.shiftLeft(8).or(BigInteger.ONE.shiftLeft(14));
    /** The first word of the state file's invoice lines (see "state file" below). */
    private static final String INVOICE_LINE = "invoice";
    private static final String SETTLED_LINE = "settled";

    private final SimulatedNetwork network;
    private final String currency;
    private final ECKey key;
    private final FileChannel state;
    private final Map<String, Payment> payments = new ConcurrentHashMap<>();
    private final Map<String, IssuedInvoice> invoices = new ConcurrentHashMap<>();
    private final Set<Consumer<Invoice>> watchers = ConcurrentHashMap.newKeySet();
    private final Map<String, Runnable> hanging = new ConcurrentHashMap<>();
    /** Keysend preimages of payments in flight: the sender knows them, so a restart can finish the payment. */
    private final Map<String, byte[]> keysendPreimages = new ConcurrentHashMap<>();
    private long outboundMsat;
    private long inboundMsat;

    // What the next payments do; tests and demos set these.
    private volatile long feeBaseMsat;
    private volatile long feePpm;
    private volatile int failNext;
    private volatile String failReason = "no route to the destination";
    private volatile int hangNext;
    private volatile Duration settleDelay = Duration.ZERO;

    /** An invoice as recorded: OPEN or SETTLED; whether an open one has expired is a matter of the clock. */
    private record IssuedInvoice(Invoice invoice, byte[] preimage) {
        Invoice asOf(long nowMillis) {
            return invoice.state() == Invoice.State.OPEN && nowMillis > invoice.expiresAtMillis()
                    ? new Invoice(invoice.bolt11(), invoice.paymentHash(), invoice.amountMsat(), Invoice.State.CANCELED,
                    invoice.expiresAtMillis())
                    : invoice;
        }

        IssuedInvoice settled(long paidMsat) {
            return new IssuedInvoice(new Invoice(invoice.bolt11(), invoice.paymentHash(), paidMsat, Invoice.State.SETTLED,
                    invoice.expiresAtMillis()), preimage);
        }
    }

    /**
     * @param currency    BOLT 11 currency of its invoices ("bc", "tb", "tbs", "bcrt")
     * @param outboundMsat what it can send at first
     * @param inboundMsat  what it can receive at first
     * @param stateFile    where its payments and invoices are kept across restarts, or null to keep them in memory only
     */
    public SimulatedNode(SimulatedNetwork network, String currency, long outboundMsat, long inboundMsat, Path stateFile) {
        this.network = network;
        this.currency = currency;
        this.outboundMsat = outboundMsat;
        this.inboundMsat = inboundMsat;
        this.key = stateFile == null ? new ECKey() : keyFor(stateFile);
        this.state = stateFile == null ? null : openState(stateFile);
        network.register(this);
        // Payers reach an invoice's issuer through the network: a new process has a new one, and in the same process
        // the instance from before the restart must not answer any more.
        invoices.values().forEach(i -> network.invoiceIssued(i.invoice().paymentHash(), this));
        resumeInFlight();
    }

    /**
     * Payments that were in flight when the process stopped go on, as LND's do: a keysend completes (the
     * sender knows its preimage); a payment to an invoice of the simulation before the restart cannot
     * reach its destination any more and fails.
     */
    private synchronized void resumeInFlight() {
        for (Payment p : List.copyOf(payments.values())) {
            if (p.status() == Payment.Status.IN_FLIGHT) {
                byte[] preimage = keysendPreimages.get(HEX.formatHex(p.paymentHash()));
                if (preimage != null) {
                    inboundMsat += p.amountMsat() + p.feeMsat();
                    record(new Payment(p.paymentHash(), Payment.Status.SUCCEEDED, p.amountMsat(), p.feeMsat(), preimage, null));
                } else {
                    outboundMsat += p.amountMsat() + p.feeMsat();
                    record(new Payment(p.paymentHash(), Payment.Status.FAILED, p.amountMsat(), 0, null,
                            "the destination was lost when the node restarted"));
                }
            }
        }
    }

    // ------------------------------------------------------------ behaviour switches

    public void setFees(long baseMsat, long ppm) {
        this.feeBaseMsat = baseMsat;
        this.feePpm = ppm;
    }

    /** The next {@code count} payments fail with {@code reason}. */
    public void failNext(int count, String reason) {
        this.failReason = reason;
        this.failNext = count;
    }

    /** The next {@code count} payments stay in flight until {@link #releaseHanging()}. */
    public void hangNext(int count) {
        this.hangNext = count;
    }

    /** Payments take this long to settle. */
    public void setSettleDelay(Duration delay) {
        this.settleDelay = delay;
    }

    /** Lets every hanging payment settle now. */
    public void releaseHanging() {
        for (String hash : List.copyOf(hanging.keySet())) {
            Runnable settle = hanging.remove(hash);
            if (settle != null) {
                settle.run();
            }
        }
    }

    // ------------------------------------------------------------ LightningNode

    @Override
    public CompletionStage<Payment> pay(String bolt11, long feeLimitMsat, Duration timeout) {
        Bolt11Invoice invoice;
        try {
            invoice = LightningNode.payable(bolt11);
        } catch (PaymentRefusedException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(invoice.paymentHash(), invoice.amountMsat(), null, null, feeLimitMsat, timeout);
    }

    @Override
    public CompletionStage<Payment> keysend(byte[] destination, long amountMsat, byte[] preimage, long feeLimitMsat,
                                            Duration timeout) {
        return send(Sha256Hash.hash(preimage), amountMsat, destination, preimage, feeLimitMsat, timeout);
    }

    private synchronized CompletionStage<Payment> send(byte[] hash, long amountMsat, byte[] keysendTo, byte[] keysendPreimage,
                                                       long feeLimitMsat, Duration timeout) {
        String id = HEX.formatHex(hash);
        Payment known = payments.get(id);
        if (known != null && !known.failed()) {
            return CompletableFuture.failedFuture(new PaymentRefusedException(
                    "a payment for this hash is already " + (known.settled() ? "done" : "in flight"), true));
        }
        long fee = feeBaseMsat + amountMsat * feePpm / 1_000_000;
        if (fee > feeLimitMsat) {
            return CompletableFuture.completedFuture(record(new Payment(hash, Payment.Status.FAILED, amountMsat, 0, null,
                    "no route within the fee limit of " + feeLimitMsat + " msat (fee would be " + fee + ")")));
        }
        if (amountMsat + fee > outboundMsat) {
            return CompletableFuture.completedFuture(record(new Payment(hash, Payment.Status.FAILED, amountMsat, 0, null,
                    "insufficient outbound liquidity")));
        }
        if (failNext > 0) {
            failNext--;
            return CompletableFuture.completedFuture(record(new Payment(hash, Payment.Status.FAILED, amountMsat, 0, null, failReason)));
        }
        if (keysendTo == null && !network.knowsInvoice(hash)) {
            return CompletableFuture.completedFuture(record(new Payment(hash, Payment.Status.FAILED, amountMsat, 0, null,
                    "no route to the destination")));
        }
        if (keysendPreimage != null) {
            keysendPreimages.put(id, keysendPreimage);
        }
        outboundMsat -= amountMsat + fee;
        record(new Payment(hash, Payment.Status.IN_FLIGHT, amountMsat, fee, null, null));
        CompletableFuture<Payment> result = new CompletableFuture<>();
        Runnable settle = () -> {
            if (keysendTo != null) {
                network.deliverKeysend(keysendTo, amountMsat);
            }
            result.complete(complete(hash, amountMsat, fee, keysendPreimage));
        };
        if (hangNext > 0) {
            hangNext--;
            hanging.put(id, settle);
        } else {
            CompletableFuture.delayedExecutor(settleDelay.toMillis(), TimeUnit.MILLISECONDS).execute(settle);
        }
        CompletableFuture<Payment> bounded = new CompletableFuture<>();
        result.whenComplete((p, e) -> bounded.complete(p));
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> bounded.completeExceptionally(
                new java.util.concurrent.TimeoutException("payment still in flight after " + timeout.toMillis() + " ms")));
        return bounded;
    }

    /** The payment reached its destination: the issuer's (or the keysend's) preimage proves it. */
    private synchronized Payment complete(byte[] hash, long amountMsat, long fee, byte[] keysendPreimage) {
        byte[] preimage = keysendPreimage != null ? keysendPreimage : network.deliver(hash, amountMsat).orElse(null);
        if (preimage == null) {
            outboundMsat += amountMsat + fee;
            return record(new Payment(hash, Payment.Status.FAILED, amountMsat, 0, null, "the destination refused the payment"));
        }
        inboundMsat += amountMsat + fee;
        return record(new Payment(hash, Payment.Status.SUCCEEDED, amountMsat, fee, preimage, null));
    }

    @Override
    public CompletionStage<Optional<Payment>> lookupPayment(byte[] paymentHash) {
        return CompletableFuture.completedFuture(Optional.ofNullable(payments.get(HEX.formatHex(paymentHash))));
    }

    @Override
    public CompletionStage<Invoice> createInvoice(long amountMsat, String description, byte[] descriptionHash, Duration expiry) {
        byte[] preimage = new byte[32];
        RANDOM.nextBytes(preimage);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        byte[] hash = Sha256Hash.hash(preimage);
        long createdAt = System.currentTimeMillis() / 1000;
        String bolt11 = Bolt11Invoice.encode(currency, amountMsat, createdAt, hash, secret,
                descriptionHash == null ? description : null, descriptionHash, expiry.toSeconds(), FEATURES, key);
        Invoice invoice = new Invoice(bolt11, hash, amountMsat, Invoice.State.OPEN, (createdAt + expiry.toSeconds()) * 1000);
        String id = HEX.formatHex(hash);
        append(String.join(" ", INVOICE_LINE, id, HEX.formatHex(preimage), Long.toString(amountMsat),
                Long.toString(invoice.expiresAtMillis()), bolt11));
        invoices.put(id, new IssuedInvoice(invoice, preimage));
        network.invoiceIssued(hash, this);
        return CompletableFuture.completedFuture(invoice);
    }

    @Override
    public CompletionStage<Optional<Invoice>> lookupInvoice(byte[] paymentHash) {
        return CompletableFuture.completedFuture(Optional.ofNullable(invoices.get(HEX.formatHex(paymentHash)))
                .map(i -> i.asOf(System.currentTimeMillis())));
    }

    /** Another node pays one of this node's invoices: at least the requested amount, once, before it expires. */
    synchronized Optional<byte[]> receive(byte[] hash, long amountMsat) {
        String id = HEX.formatHex(hash);
        IssuedInvoice inv = invoices.get(id);
        if (inv == null || inv.asOf(System.currentTimeMillis()).state() != Invoice.State.OPEN
                || amountMsat < inv.invoice().amountMsat()) {
            return Optional.empty();
        }
        append(String.join(" ", SETTLED_LINE, id, Long.toString(amountMsat), Long.toString(outboundMsat + amountMsat),
                Long.toString(inboundMsat - amountMsat)));
        IssuedInvoice settled = inv.settled(amountMsat);
        invoices.put(id, settled);
        inboundMsat -= amountMsat;
        outboundMsat += amountMsat;
        watchers.forEach(w -> w.accept(settled.invoice()));
        return Optional.of(inv.preimage());
    }

    synchronized void receiveKeysend(long amountMsat) {
        inboundMsat -= amountMsat;
        outboundMsat += amountMsat;
    }

    @Override
    public AutoCloseable watchSettledInvoices(Consumer<Invoice> settled) {
        watchers.add(settled);
        return () -> watchers.remove(settled);
    }

    @Override
    public synchronized CompletionStage<Balances> balances() {
        return CompletableFuture.completedFuture(new Balances(outboundMsat, inboundMsat));
    }

    @Override
    public byte[] identityKey() {
        return key.getPubKey();
    }

    @Override
    public void close() {
        if (state != null) {
            try {
                state.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    // ------------------------------------------------------------ state file
    //
    // One line per event, fields separated by a space; the last line that carries balances sets them.
    //   payment:    <hash> <status> <amountMsat> <feeMsat> <preimage or -> <outboundMsat> <inboundMsat>
    //   invoice:    invoice <hash> <preimage> <amountMsat> <expiresAtMillis> <bolt11>
    //   settlement: settled <hash> <paidMsat> <outboundMsat> <inboundMsat>
    // Invoice lines have a word where a payment line has its hash, and never seven fields: a reader that knows
    // only payment lines (which skips any line without seven) reads such a file as before.

    /** Appends a payment's new state and forces it to disk before anyone hears of it. */
    private Payment record(Payment p) {
        String id = HEX.formatHex(p.paymentHash());
        payments.put(id, p);
        byte[] preimage = p.preimage() != null ? p.preimage() : keysendPreimages.get(id);
        if (p.status() != Payment.Status.IN_FLIGHT) {
            keysendPreimages.remove(id);
        }
        append(String.join(" ", id, p.status().name(), Long.toString(p.amountMsat()),
                Long.toString(p.feeMsat()), preimage == null ? "-" : HEX.formatHex(preimage),
                Long.toString(outboundMsat), Long.toString(inboundMsat)));
        return p;
    }

    private synchronized void append(String line) {
        if (state == null) {
            return;
        }
        try {
            state.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
            state.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("the simulated node could not write its state", e);
        }
    }

    private FileChannel openState(Path file) {
        try {
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                    String[] f = line.split(" ");
                    if (f[0].equals(INVOICE_LINE) || f[0].equals(SETTLED_LINE)) {
                        readInvoiceLine(f);
                        continue;
                    }
                    if (f.length != 7) {
                        continue;
                    }
                    byte[] hash = HEX.parseHex(f[0]);
                    Payment.Status status = Payment.Status.valueOf(f[1]);
                    byte[] preimage = f[4].equals("-") ? null : HEX.parseHex(f[4]);
                    payments.put(f[0], new Payment(hash, status, Long.parseLong(f[2]), Long.parseLong(f[3]),
                            status == Payment.Status.SUCCEEDED ? preimage : null,
                            status == Payment.Status.FAILED ? "failed before the restart" : null));
                    if (status == Payment.Status.IN_FLIGHT && preimage != null) {
                        keysendPreimages.put(f[0], preimage);
                    } else {
                        keysendPreimages.remove(f[0]);
                    }
                    outboundMsat = Long.parseLong(f[5]);
                    inboundMsat = Long.parseLong(f[6]);
                }
            }
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the simulated node's state " + file, e);
        }
    }

    private void readInvoiceLine(String[] f) {
        if (f[0].equals(INVOICE_LINE) && f.length == 6) {
            invoices.put(f[1], new IssuedInvoice(new Invoice(f[5], HEX.parseHex(f[1]), Long.parseLong(f[3]), Invoice.State.OPEN,
                    Long.parseLong(f[4])), HEX.parseHex(f[2])));
        } else if (f[0].equals(SETTLED_LINE) && f.length == 5) {
            invoices.computeIfPresent(f[1], (id, inv) -> inv.settled(Long.parseLong(f[2])));
            outboundMsat = Long.parseLong(f[3]);
            inboundMsat = Long.parseLong(f[4]);
        }
    }

    /** A stable key per state file, so the node keeps its identity across restarts. */
    private static ECKey keyFor(Path stateFile) {
        return ECKey.fromPrivate(Sha256Hash.hash(("micromining simulated node " + stateFile.toAbsolutePath())
                .getBytes(StandardCharsets.UTF_8)));
    }
}
