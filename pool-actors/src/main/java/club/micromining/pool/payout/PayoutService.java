package club.micromining.pool.payout;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.lightning.node.LightningNode;
import club.micromining.lightning.node.Payment;
import club.micromining.lightning.node.PaymentRefusedException;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.bitcoinj.base.Sha256Hash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains members' balances, and the fundings of projects the club voted for, into Lightning payments,
 * a cycle at a time.
 *
 * <p>Exactly once: a payout is decided and persisted by its payee's entity ({@link MemberEntity.RequestPayout}, with its
 * invoice or keysend preimage and their payment hash) before it is sent; a retry sends the same invoice
 * or hash, which the node refuses to pay twice; an outcome that is not known (timeout, crash) is found
 * later by looking the payment up by its hash, never by paying again. Each member has at most one
 * payout in flight, whose amount and fee budget stay reserved until it settles or definitely fails.
 *
 * <p>Payouts go out with bounded parallelism; a destination that fails waits longer each time (kept in the
 * journal by {@link PayoutBackoffs}, so the wait survives the payout duty moving to another node); a cycle
 * pauses (and says so once) while the node cannot send what is due.
 */
public final class PayoutService implements io.micrometer.core.instrument.binder.MeterBinder {
    private static final Logger log = LoggerFactory.getLogger(PayoutService.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ActorSystem<?> system;
    private final PayoutPolicy policy;
    private final LightningNode node;
    private final LnurlPay lnurl;
    private final List<Payees> payees;
    private final Executor blocking;
    private final RecipientRef<PayoutBackoffs.Command> backoffs;
    private final Duration askTimeout;
    /** The journal's back-off, read once per start of the payout duty, then kept here and written through. */
    private final Map<String, PayoutBackoffs.Backoff> backoff = new ConcurrentHashMap<>();
    private CompletableFuture<Void> recovered;
    private final AtomicBoolean liquidityPaused = new AtomicBoolean();
    private final AtomicLong settledTotal = new AtomicLong();
    private final AtomicLong failedTotal = new AtomicLong();
    private volatile UniqueKillSwitch cycles;
    private volatile io.micrometer.core.instrument.Timer duration;
    /** The Lightning node's balances as the last cycle read them. */
    private volatile club.micromining.lightning.node.Balances lastBalances;

    /** One payee of one kind, as a cycle goes over it. */
    private record Candidate(Payees book, String id) {
        String key() {
            return book.kind() + " " + id;
        }
    }

    /** What one cycle did. */
    public record CycleReport(int settled, int failed, int pending, int skipped, boolean liquidityPaused) {
        static final CycleReport EMPTY = new CycleReport(0, 0, 0, 0, false);

        CycleReport plus(Outcome o) {
            return new CycleReport(settled + (o == Outcome.SETTLED ? 1 : 0), failed + (o == Outcome.FAILED ? 1 : 0),
                    pending + (o == Outcome.PENDING ? 1 : 0), skipped + (o == Outcome.SKIPPED ? 1 : 0),
                    liquidityPaused || o == Outcome.NO_LIQUIDITY);
        }
    }

    enum Outcome { SETTLED, FAILED, PENDING, SKIPPED, NO_LIQUIDITY }

    /**
     * @param payees   every kind of payee (members, funded projects), paid in this order within a cycle
     * @param backoffs where the back-off of failing destinations is kept ({@link PayoutBackoffs})
     * @param blocking where LNURL's blocking HTTP calls run
     */
    public PayoutService(ActorSystem<?> system, PayoutPolicy policy, LightningNode node, LnurlPay lnurl, List<Payees> payees,
                         RecipientRef<PayoutBackoffs.Command> backoffs, Duration askTimeout, Executor blocking) {
        this.system = system;
        this.policy = policy;
        this.node = node;
        this.lnurl = lnurl;
        this.payees = List.copyOf(payees);
        this.backoffs = backoffs;
        this.askTimeout = askTimeout;
        this.blocking = blocking;
    }

    /**
     * Runs cycles every {@code cycleInterval}, the first one interval after start (giving the read side
     * time to catch up), one at a time, for as long as the actor system runs.
     */
    public void start() {
        cycles = Source.tick(policy.cycleInterval(), policy.cycleInterval(), Done.getInstance())
                .mapAsync(1, tick -> runCycle().exceptionally(e -> {
                    log.warn("Payout cycle failed: {}", Failures.unwrap(e).toString());
                    return CycleReport.EMPTY;
                }))
                .viaMat(KillSwitches.single(), Keep.right())
                .to(Sink.ignore())
                .run(system);
    }

    /**
     * No new cycle starts; a payout under way stays recorded as in flight and is reconciled at the next start.
     * The back-off is read from the journal again at the next start: meanwhile another node may have paid.
     */
    public void stop() {
        if (cycles != null) {
            cycles.shutdown();
        }
        synchronized (this) {
            recovered = null;
            backoff.clear();
        }
    }

    /** Payouts settled and failed, the liquidity pause, and how long a payout takes from its decision to its outcome. */
    @Override
    public void bindTo(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.FunctionCounter.builder("micromining.payouts.settled", this, PayoutService::settled)
                .description("Lightning payouts settled").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("micromining.payouts.failed", this, PayoutService::failed)
                .description("Lightning payouts that failed").register(registry);
        io.micrometer.core.instrument.Gauge.builder("micromining.payouts.liquidity.paused", this, p -> p.liquidityPaused() ? 1 : 0)
                .description("1 while payouts wait because the Lightning node's outbound liquidity does not cover what is due")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("micromining.lightning.outbound", this,
                        p -> p.lastBalances == null ? Double.NaN : p.lastBalances.outboundMsat()).baseUnit("msat")
                .description("What the Lightning node can send, as the last payout cycle read it").register(registry);
        io.micrometer.core.instrument.Gauge.builder("micromining.lightning.inbound", this,
                        p -> p.lastBalances == null ? Double.NaN : p.lastBalances.inboundMsat()).baseUnit("msat")
                .description("What the Lightning node can receive, as the last payout cycle read it").register(registry);
        duration = io.micrometer.core.instrument.Timer.builder("micromining.payout.duration")
                .description("A payout from its decision to its recorded outcome")
                .serviceLevelObjectives(java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30),
                        java.time.Duration.ofMinutes(5))
                .register(registry);
    }

    public PayoutPolicy policy() {
        return policy;
    }

    public boolean liquidityPaused() {
        return liquidityPaused.get();
    }

    /** Payouts settled since start. */
    public long settled() {
        return settledTotal.get();
    }

    /** Payouts that failed (or could not be prepared) since start. */
    public long failed() {
        return failedTotal.get();
    }

    /** One pass over the candidates of every kind: in-flight payouts are reconciled, due ones are paid. */
    public CompletionStage<CycleReport> runCycle() {
        return recovered().thenCompose(v -> node.balances()).thenCompose(balances -> candidates().thenCompose(all -> {
            lastBalances = balances;
            AtomicLong outbound = new AtomicLong(balances.outboundMsat());
            return Source.from(all)
                    .mapAsyncUnordered(policy.parallelism(), candidate -> process(candidate, outbound))
                    .runWith(Sink.fold(CycleReport.EMPTY, CycleReport::plus), system);
        })).thenApply(report -> {
            if (report.liquidityPaused() && liquidityPaused.compareAndSet(false, true)) {
                log.warn("Payouts paused: the Lightning node's outbound liquidity does not cover the balances due");
            } else if (!report.liquidityPaused() && liquidityPaused.compareAndSet(true, false)) {
                log.info("Payouts resumed: outbound liquidity is back");
            }
            return report;
        });
    }

    /** The back-off as the journal has it; a cycle without it would try every failing destination again at once. */
    private synchronized CompletionStage<Void> recovered() {
        if (recovered == null) {
            CompletableFuture<Void> reading = AskPattern.<PayoutBackoffs.Command, PayoutBackoffs.State>ask(backoffs,
                            PayoutBackoffs.GetAll::new, askTimeout, system.scheduler())
                    .thenAccept(state -> {
                        state.waiting().forEach(backoff::putIfAbsent);
                        if (!state.waiting().isEmpty()) {
                            log.info("Payouts to {} destinations that failed wait out their back-off", state.waiting().size());
                        }
                    }).toCompletableFuture();
            recovered = reading;
            reading.whenComplete((v, e) -> {
                synchronized (this) {
                    if (e != null && recovered == reading) {
                        recovered = null;
                    }
                }
            });
        }
        return recovered;
    }

    private CompletionStage<List<Candidate>> candidates() {
        CompletionStage<List<Candidate>> all = CompletableFuture.completedFuture(List.of());
        for (Payees book : payees) {
            all = all.thenCompose(sofar -> book.candidates().thenApply(ids -> {
                List<Candidate> more = new java.util.ArrayList<>(sofar);
                ids.forEach(id -> more.add(new Candidate(book, id)));
                return more;
            }));
        }
        return all;
    }

    private CompletionStage<Outcome> process(Candidate c, AtomicLong outbound) {
        return c.book().owed(c.id()).thenCompose(owed -> {
            if (owed.inFlight() != null) {
                return reconcile(c, owed.inFlight());
            }
            if (!owed.due() || backingOff(c, owed.destination())) {
                return CompletableFuture.completedFuture(Outcome.SKIPPED);
            }
            long amount = owed.amountMsat();
            long budget = owed.feeBudgetMsat();
            if (outbound.addAndGet(-(amount + budget)) < 0) {
                outbound.addAndGet(amount + budget);
                return CompletableFuture.completedFuture(Outcome.NO_LIQUIDITY);
            }
            return pay(c, owed.destination(), amount, budget);
        });
    }

    /** A payee that changed its destination since it failed is tried at once. */
    private boolean backingOff(Candidate c, String destination) {
        PayoutBackoffs.Backoff b = backoff.get(c.key());
        return b != null && System.currentTimeMillis() < b.untilMillis() && destination.equals(b.destination());
    }

    /** Decides the payout (invoice or keysend preimage, and their hash), persists it, then sends it. */
    private CompletionStage<Outcome> pay(Candidate c, String destination, long amount, long budget) {
        return CompletableFuture.supplyAsync(() -> decide(destination, amount, budget), blocking)
                .thenCompose(payout -> c.book().request(c.id(), payout)
                        .thenCompose(reply -> reply.isSuccess()
                                ? send(c, payout)
                                : CompletableFuture.completedFuture(Outcome.SKIPPED)))
                .exceptionally(e -> {
                    Throwable cause = Failures.unwrap(e);
                    failedDestination(c, destination, "could not prepare a payout to " + destination + ": " + cause.getMessage());
                    return Outcome.FAILED;
                });
    }

    private MemberState.Payout decide(String destination, long amount, long budget) {
        long now = System.currentTimeMillis();
        if (LnurlPay.isLightningAddress(destination)) {
            try {
                LnurlPay.CheckedInvoice invoice = lnurl.invoice(lnurl.resolve(destination), amount);
                return new MemberState.Payout(HEX.formatHex(invoice.decoded().paymentHash()), amount, budget, destination,
                        invoice.bolt11(), null, now);
            } catch (LnurlPay.LnurlException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }
        byte[] preimage = new byte[32];
        RANDOM.nextBytes(preimage);
        return new MemberState.Payout(HEX.formatHex(Sha256Hash.hash(preimage)), amount, budget, destination, null, HEX.formatHex(preimage),
                now);
    }

    private CompletionStage<Outcome> send(Candidate c, MemberState.Payout p) {
        CompletionStage<Payment> sending = p.bolt11() != null
                ? node.pay(p.bolt11(), p.feeBudgetMsat(), policy.paymentTimeout())
                : node.keysend(HEX.parseHex(p.destination()), p.amountMsat(), HEX.parseHex(p.keysendPreimage()),
                        p.feeBudgetMsat(), policy.paymentTimeout());
        return sending.handle((payment, error) -> {
            if (error == null) {
                return record(c, p, payment);
            }
            Throwable cause = Failures.unwrap(error);
            if (cause instanceof PaymentRefusedException refused && !refused.alreadyKnown()) {
                return record(c, p, new Payment(HEX.parseHex(p.paymentHash()), Payment.Status.FAILED,
                        p.amountMsat(), 0, null, refused.getMessage()));
            }
            // Unknown outcome: the payment may be under way; it is looked up by hash from now on.
            return reconcile(c, p);
        }).thenCompose(f -> f);
    }

    /** Settles or fails an in-flight payout from what the node knows of its hash; never pays again. */
    private CompletionStage<Outcome> reconcile(Candidate c, MemberState.Payout p) {
        return node.lookupPayment(HEX.parseHex(p.paymentHash())).thenCompose(found -> {
            if (found.isPresent()) {
                return found.get().status() == Payment.Status.IN_FLIGHT
                        ? CompletableFuture.completedFuture(Outcome.PENDING)
                        : record(c, p, found.get());
            }
            if (System.currentTimeMillis() - p.requestedAtMillis() < 2 * policy.paymentTimeout().toMillis()) {
                return CompletableFuture.completedFuture(Outcome.PENDING);
            }
            return record(c, p, new Payment(HEX.parseHex(p.paymentHash()), Payment.Status.FAILED, p.amountMsat(), 0,
                    null, "the node never received this payment"));
        });
    }

    private CompletionStage<Outcome> record(Candidate c, MemberState.Payout p, Payment payment) {
        boolean settled = payment.settled();
        return c.book().record(c.id(), p.paymentHash(), settled, settled ? HEX.formatHex(payment.preimage()) : null, payment.feeMsat(),
                        payment.failure())
                .thenApply(reply -> {
                    io.micrometer.core.instrument.Timer t = duration;
                    if (t != null) {
                        t.record(Math.max(0, System.currentTimeMillis() - p.requestedAtMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                    if (settled) {
                        if (backoff.remove(c.key()) != null) {
                            remember(replyTo -> new PayoutBackoffs.RecordSuccess(c.key(), replyTo), c);
                        }
                        settledTotal.incrementAndGet();
                        log.info("Paid {} msat to {} {} ({}), fee {} msat", p.amountMsat(), c.book().kind(), c.id(), p.destination(),
                                payment.feeMsat());
                        return Outcome.SETTLED;
                    }
                    failedDestination(c, p.destination(), "payout of " + p.amountMsat() + " msat to " + p.destination() + " failed: "
                            + payment.failure());
                    return Outcome.FAILED;
                });
    }

    private void failedDestination(Candidate c, String destination, String why) {
        failedTotal.incrementAndGet();
        PayoutBackoffs.Backoff before = backoff.get(c.key());
        int failures = before == null || !before.destination().equals(destination) ? 1 : before.failures() + 1;
        long pause = Math.min(policy.backoffMax().toMillis(), policy.backoffBase().toMillis() << Math.min(20, failures - 1));
        PayoutBackoffs.Backoff b = new PayoutBackoffs.Backoff(failures, System.currentTimeMillis() + pause, destination);
        backoff.put(c.key(), b);
        remember(replyTo -> new PayoutBackoffs.RecordFailure(c.key(), b, replyTo), c);
        log.warn("{}: {}; trying again in {} s", c.key(), why, pause / 1000);
    }

    /** Writes the back-off through to the journal; if that fails, this node still waits, the next one may not. */
    private void remember(org.apache.pekko.japi.function.Function<ActorRef<StatusReply<Done>>, PayoutBackoffs.Command> change,
                          Candidate c) {
        AskPattern.<PayoutBackoffs.Command, StatusReply<Done>>ask(backoffs, change, askTimeout, system.scheduler())
                .whenComplete((reply, e) -> {
                    if (e != null || !reply.isSuccess()) {
                        log.warn("{}: the back-off could not be recorded: {}", c.key(),
                                e != null ? Failures.unwrap(e).toString() : reply.getError().getMessage());
                    }
                });
    }
}
