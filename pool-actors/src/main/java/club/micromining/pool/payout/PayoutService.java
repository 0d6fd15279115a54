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
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.Done;
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
 * Drains members' balances into Lightning payments, a cycle at a time.
 *
 * <p>Exactly once: a payout is decided and persisted ({@link MemberEntity.RequestPayout}, with its
 * invoice or keysend preimage and their payment hash) before it is sent; a retry sends the same invoice
 * or hash, which the node refuses to pay twice; an outcome that is not known (timeout, crash) is found
 * later by looking the payment up by its hash, never by paying again. Each member has at most one
 * payout in flight, whose amount and fee budget stay reserved until it settles or definitely fails.
 *
 * <p>Payouts go out with bounded parallelism; a destination that fails waits longer each time; a cycle
 * pauses (and says so once) while the node cannot send what is due.
 */
public final class PayoutService {
    private static final Logger log = LoggerFactory.getLogger(PayoutService.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ActorSystem<?> system;
    private final PayoutPolicy policy;
    private final LightningNode node;
    private final LnurlPay lnurl;
    private final Function<String, RecipientRef<MemberEntity.Command>> members;
    private final Supplier<CompletionStage<List<String>>> candidates;
    private final Executor blocking;
    private final Map<String, Backoff> backoff = new ConcurrentHashMap<>();
    private final AtomicBoolean liquidityPaused = new AtomicBoolean();
    private final AtomicLong settledTotal = new AtomicLong();
    private final AtomicLong failedTotal = new AtomicLong();
    private volatile UniqueKillSwitch cycles;

    private record Backoff(int failures, long untilMillis) {
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
     * @param members    the member entity of an account
     * @param candidates accounts that may have something to pay or reconcile
     * @param blocking   where LNURL's blocking HTTP calls run
     */
    public PayoutService(ActorSystem<?> system, PayoutPolicy policy, LightningNode node, LnurlPay lnurl,
                         Function<String, RecipientRef<MemberEntity.Command>> members,
                         Supplier<CompletionStage<List<String>>> candidates, Executor blocking) {
        this.system = system;
        this.policy = policy;
        this.node = node;
        this.lnurl = lnurl;
        this.members = members;
        this.candidates = candidates;
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

    /** One pass over the candidates: in-flight payouts are reconciled, due balances are paid. */
    public CompletionStage<CycleReport> runCycle() {
        return node.balances().thenCompose(balances -> candidates.get().thenCompose(accounts -> {
            AtomicLong outbound = new AtomicLong(balances.outboundMsat());
            return Source.from(accounts)
                    .mapAsyncUnordered(policy.parallelism(), account -> process(account, outbound))
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

    private CompletionStage<Outcome> process(String account, AtomicLong outbound) {
        RecipientRef<MemberEntity.Command> member = members.apply(account);
        return AskPattern.<MemberEntity.Command, MemberState>ask(member, MemberEntity.GetMember::new, policy.paymentTimeout(),
                system.scheduler()).thenCompose(state -> {
                    if (state.inFlight() != null) {
                        return reconcile(account, member, state.inFlight());
                    }
                    if (!due(account, state)) {
                        return CompletableFuture.completedFuture(Outcome.SKIPPED);
                    }
                    long amount = policy.amount(state.balanceMsat());
                    long budget = policy.feeBudget(state.balanceMsat());
                    if (outbound.addAndGet(-(amount + budget)) < 0) {
                        outbound.addAndGet(amount + budget);
                        return CompletableFuture.completedFuture(Outcome.NO_LIQUIDITY);
                    }
                    return pay(account, member, state.payout().destination(), amount, budget);
                });
    }

    private boolean due(String account, MemberState state) {
        String destination = state.payout().destination();
        if (destination == null) {
            return false;
        }
        Backoff b = backoff.get(account);
        if (b != null && System.currentTimeMillis() < b.untilMillis()) {
            return false;
        }
        long amount = policy.amount(state.balanceMsat());
        if (amount < policy.minimumMsat()) {
            return false;
        }
        boolean overThreshold = state.balanceMsat() >= state.payout().thresholdMsat();
        boolean intervalElapsed = System.currentTimeMillis() - state.payoutIntervalStartMillis() >= policy.payoutInterval().toMillis();
        return overThreshold || intervalElapsed;
    }

    /** Decides the payout (invoice or keysend preimage, and their hash), persists it, then sends it. */
    private CompletionStage<Outcome> pay(String account, RecipientRef<MemberEntity.Command> member, String destination,
                                         long amount, long budget) {
        return CompletableFuture.supplyAsync(() -> decide(destination, amount, budget), blocking)
                .thenCompose(payout -> AskPattern.<MemberEntity.Command, StatusReply<Done>>ask(member,
                                r -> new MemberEntity.RequestPayout(payout, r), policy.paymentTimeout(), system.scheduler())
                        .thenCompose(reply -> reply.isSuccess()
                                ? send(account, member, payout)
                                : CompletableFuture.completedFuture(Outcome.SKIPPED)))
                .exceptionally(e -> {
                    Throwable cause = Failures.unwrap(e);
                    failedDestination(account, "could not prepare a payout to " + destination + ": " + cause.getMessage());
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

    private CompletionStage<Outcome> send(String account, RecipientRef<MemberEntity.Command> member, MemberState.Payout p) {
        CompletionStage<Payment> sending = p.bolt11() != null
                ? node.pay(p.bolt11(), p.feeBudgetMsat(), policy.paymentTimeout())
                : node.keysend(HEX.parseHex(p.destination()), p.amountMsat(), HEX.parseHex(p.keysendPreimage()),
                        p.feeBudgetMsat(), policy.paymentTimeout());
        return sending.handle((payment, error) -> {
            if (error == null) {
                return record(account, member, p, payment);
            }
            Throwable cause = Failures.unwrap(error);
            if (cause instanceof PaymentRefusedException refused && !refused.alreadyKnown()) {
                return record(account, member, p, new Payment(HEX.parseHex(p.paymentHash()), Payment.Status.FAILED,
                        p.amountMsat(), 0, null, refused.getMessage()));
            }
            // Unknown outcome: the payment may be under way; it is looked up by hash from now on.
            return reconcile(account, member, p);
        }).thenCompose(f -> f);
    }

    /** Settles or fails an in-flight payout from what the node knows of its hash; never pays again. */
    private CompletionStage<Outcome> reconcile(String account, RecipientRef<MemberEntity.Command> member, MemberState.Payout p) {
        return node.lookupPayment(HEX.parseHex(p.paymentHash())).thenCompose(found -> {
            if (found.isPresent()) {
                return found.get().status() == Payment.Status.IN_FLIGHT
                        ? CompletableFuture.completedFuture(Outcome.PENDING)
                        : record(account, member, p, found.get());
            }
            if (System.currentTimeMillis() - p.requestedAtMillis() < 2 * policy.paymentTimeout().toMillis()) {
                return CompletableFuture.completedFuture(Outcome.PENDING);
            }
            return record(account, member, p, new Payment(HEX.parseHex(p.paymentHash()), Payment.Status.FAILED, p.amountMsat(), 0,
                    null, "the node never received this payment"));
        });
    }

    private CompletionStage<Outcome> record(String account, RecipientRef<MemberEntity.Command> member, MemberState.Payout p,
                                            Payment payment) {
        boolean settled = payment.settled();
        return AskPattern.<MemberEntity.Command, StatusReply<Done>>ask(member,
                        r -> new MemberEntity.RecordPayoutOutcome(p.paymentHash(), settled,
                                settled ? HEX.formatHex(payment.preimage()) : null, payment.feeMsat(), payment.failure(), r),
                        policy.paymentTimeout(), system.scheduler())
                .thenApply(reply -> {
                    if (settled) {
                        backoff.remove(account);
                        settledTotal.incrementAndGet();
                        log.info("Paid {} msat to {} ({}), fee {} msat", p.amountMsat(), account, p.destination(), payment.feeMsat());
                        return Outcome.SETTLED;
                    }
                    failedDestination(account, "payout of " + p.amountMsat() + " msat to " + p.destination() + " failed: "
                            + payment.failure());
                    return Outcome.FAILED;
                });
    }

    private void failedDestination(String account, String why) {
        failedTotal.incrementAndGet();
        Backoff b = backoff.merge(account, new Backoff(1, 0), (old, one) -> new Backoff(old.failures() + 1, 0));
        long pause = Math.min(policy.backoffMax().toMillis(),
                policy.backoffBase().toMillis() << Math.min(20, b.failures() - 1));
        backoff.put(account, new Backoff(b.failures(), System.currentTimeMillis() + pause));
        log.warn("{}: {}; trying again in {} s", account, why, pause / 1000);
    }
}
