package club.micromining.pool.payout;

import club.micromining.common.concurrent.Failures;
import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.lightning.node.LightningNode;
import club.micromining.lightning.node.Payment;
import club.micromining.lightning.node.PaymentRefusedException;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import java.security.SecureRandom;
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
import org.apache.pekko.actor.typed.ActorSystem;
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
 * <p>Payouts go out with bounded parallelism; a destination that fails waits longer each time; a cycle
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
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();
    private final AtomicBoolean liquidityPaused = new AtomicBoolean();
    private final AtomicLong settledTotal = new AtomicLong();
    private final AtomicLong failedTotal = new AtomicLong();
    private volatile UniqueKillSwitch cycles;
    private volatile io.micrometer.core.instrument.Timer duration;
    /** The Lightning node's balances as the last cycle read them. */
    private volatile club.micromining.lightning.node.Balances lastBalances;

    private record Backoff(int failures, long untilMillis) {
    }

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
     * @param blocking where LNURL's blocking HTTP calls run
     */
    public PayoutService(ActorSystem<?> system, PayoutPolicy policy, LightningNode node, LnurlPay lnurl, List<Payees> payees,
                         Executor blocking) {
        this.system = system;
        this.policy = policy;
        this.node = node;
        this.lnurl = lnurl;
        this.payees = List.copyOf(payees);
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

    /** No new cycle starts; a payout under way stays recorded as in flight and is reconciled at the next start. */
    public void stop() {
        if (cycles != null) {
            cycles.shutdown();
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
        return node.balances().thenCompose(balances -> candidates().thenCompose(all -> {
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
            if (!owed.due() || backingOff(c)) {
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

    private boolean backingOff(Candidate c) {
        Backoff b = backoff.get(c.key());
        return b != null && System.currentTimeMillis() < b.untilMillis();
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
                    failedDestination(c, "could not prepare a payout to " + destination + ": " + cause.getMessage());
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
                        backoff.remove(c.key());
                        settledTotal.incrementAndGet();
                        log.info("Paid {} msat to {} {} ({}), fee {} msat", p.amountMsat(), c.book().kind(), c.id(), p.destination(),
                                payment.feeMsat());
                        return Outcome.SETTLED;
                    }
                    failedDestination(c, "payout of " + p.amountMsat() + " msat to " + p.destination() + " failed: "
                            + payment.failure());
                    return Outcome.FAILED;
                });
    }

    private void failedDestination(Candidate c, String why) {
        failedTotal.incrementAndGet();
        Backoff b = backoff.merge(c.key(), new Backoff(1, 0), (old, one) -> new Backoff(old.failures() + 1, 0));
        long pause = Math.min(policy.backoffMax().toMillis(),
                policy.backoffBase().toMillis() << Math.min(20, b.failures() - 1));
        backoff.put(c.key(), new Backoff(b.failures(), System.currentTimeMillis() + pause));
        log.warn("{}: {}; trying again in {} s", c.key(), why, pause / 1000);
    }
}
