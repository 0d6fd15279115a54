package club.micromining.pool.payout;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.lightning.lnurl.LnurlPay;
import club.micromining.lightning.sim.SimulatedNetwork;
import club.micromining.lightning.sim.SimulatedNode;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.member.MemberState;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Payouts from member balances over the simulated Lightning node, on an in-memory journal. */
class PayoutServiceTest {
    private static final ActorTestKit testKit = ActorTestKit.create(
            PersistenceTestKitPlugin.getInstance().config().withFallback(ConfigFactory.load()));
    private static final Duration ASK = Duration.ofSeconds(10);
    private static int memberCounter;
    /** One for the club, as in a node; stopped and started again where a test needs its recovery. */
    private static ActorRef<PayoutBackoffs.Command> backoffs = testKit.spawn(PayoutBackoffs.create());

    private final SimulatedNetwork network = new SimulatedNetwork();
    private final Map<String, ActorRef<MemberEntity.Command>> members = new ConcurrentHashMap<>();

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static PayoutPolicy policy(Duration paymentTimeout) {
        return new PayoutPolicy(Duration.ofSeconds(1), Duration.ofDays(1), 1_000, 5_000, 1_000, 8, paymentTimeout,
                Duration.ofMillis(100), Duration.ofSeconds(1));
    }

    private PayoutService service(SimulatedNode node, PayoutPolicy policy) {
        return new PayoutService(testKit.system(), policy, node, new LnurlPay(Duration.ofSeconds(2)),
                List.of(new MemberPayees(testKit.system(), policy, members::get,
                        () -> CompletableFuture.completedFuture(new ArrayList<>(members.keySet())))), backoffs, ASK,
                Executors.newFixedThreadPool(4));
    }

    /** A member with a credited balance and a keysend destination; returns its account. */
    private String member(long creditedMsat, String destination, long threshold) throws Exception {
        String account = "m" + (++memberCounter);
        ActorRef<MemberEntity.Command> ref = testKit.spawn(MemberEntity.create(account, 100));
        members.put(account, ref);
        ask(ref, r -> new MemberEntity.CreditAccruals(List.of(new MemberEntity.DeviceAccruals("w",
                List.of(new MemberEntity.Accrual(1, creditedMsat)))), r));
        if (destination != null) {
            ask(ref, r -> new MemberEntity.SetPayoutSettings(new MemberState.PayoutSettings(destination, threshold), null, r));
        }
        return account;
    }

    private static void ask(ActorRef<MemberEntity.Command> ref,
                            java.util.function.Function<ActorRef<StatusReply<Done>>, MemberEntity.Command> command) throws Exception {
        StatusReply<Done> reply = AskPattern.ask(ref, command::apply, ASK, testKit.system().scheduler())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(reply.isSuccess()).isTrue();
    }

    private MemberState state(String account) throws Exception {
        return AskPattern.<MemberEntity.Command, MemberState>ask(members.get(account), MemberEntity.GetMember::new, ASK,
                testKit.system().scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String keysendDestination() {
        return HexFormat.of().formatHex(new ECKey().getPubKey());
    }

    private static PayoutService.CycleReport cycle(PayoutService s) throws Exception {
        return s.runCycle().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Test
    void aThousandMembersArePaidAndEveryMillisatoshiIsAccountedFor() throws Exception {
        SimulatedNode node = new SimulatedNode(network, "bcrt", 100_000_000_000L, 0, null);
        node.setFees(100, 100);
        Random random = new Random(7);
        long credited = 0;
        for (int i = 0; i < 1000; i++) {
            long accrual = 1_000 + random.nextInt(50_000_000);
            credited += accrual;
            member(accrual, i % 10 == 0 ? null : keysendDestination(), 5_000_000);
        }
        PayoutService service = service(node, policy(Duration.ofSeconds(10)));
        PayoutService.CycleReport first = cycle(service);
        assertThat(first.settled()).isGreaterThan(700);
        assertThat(first.failed()).isZero();
        cycle(service);

        long balances = 0;
        long paid = 0;
        long fees = 0;
        for (String account : members.keySet()) {
            MemberState s = state(account);
            assertThat(s.inFlight()).isNull();
            balances += s.balanceMsat();
            paid += s.paidMsat();
            fees += s.feesMsat();
            if (s.payout().destination() != null && s.paidMsat() == 0) {
                assertThat(s.balanceMsat()).isLessThan(5_000_000);
            }
        }
        assertThat(balances + paid + fees).isEqualTo(credited);
        assertThat(node.balances().toCompletableFuture().get().outboundMsat()).isEqualTo(100_000_000_000L - paid - fees);
    }

    @Test
    void aFailedPaymentRestoresTheBalanceAndIsTriedAgainLater() throws Exception {
        SimulatedNode node = new SimulatedNode(network, "bcrt", 1_000_000_000L, 0, null);
        String account = member(2_000_000, keysendDestination(), 1_000_000);
        PayoutService service = service(node, policy(Duration.ofSeconds(5)));
        node.failNext(1, "temporary channel failure");
        assertThat(cycle(service).failed()).isEqualTo(1);
        assertThat(state(account).balanceMsat()).isEqualTo(2_000_000);
        assertThat(cycle(service).settled()).as("still backing off").isZero();
        Thread.sleep(200);
        assertThat(cycle(service).settled()).isEqualTo(1);
        MemberState s = state(account);
        assertThat(s.balanceMsat() + s.paidMsat() + s.feesMsat()).isEqualTo(2_000_000);
    }

    /** The payout duty moved to another node (or the node restarted): the new service waits out the old one's back-off. */
    @Test
    void theBackOffOutlivesTheServiceThatRecordedIt() throws Exception {
        SimulatedNode node = new SimulatedNode(network, "bcrt", 1_000_000_000L, 0, null);
        String account = member(2_000_000, keysendDestination(), 1_000_000);
        PayoutPolicy policy = new PayoutPolicy(Duration.ofSeconds(1), Duration.ofDays(1), 1_000, 5_000, 1_000, 8, Duration.ofSeconds(5),
                Duration.ofMinutes(10), Duration.ofHours(1));
        PayoutService before = service(node, policy);
        node.failNext(1, "temporary channel failure");
        assertThat(cycle(before).failed()).isEqualTo(1);
        before.stop();

        testKit.stop(backoffs);
        backoffs = testKit.spawn(PayoutBackoffs.create());
        PayoutBackoffs.State recovered = AskPattern.<PayoutBackoffs.Command, PayoutBackoffs.State>ask(backoffs,
                PayoutBackoffs.GetAll::new, ASK, testKit.system().scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(recovered.waiting()).containsKey("member " + account);
        assertThat(recovered.waiting().get("member " + account).failures()).isEqualTo(1);

        PayoutService after = service(node, policy);
        PayoutService.CycleReport waiting = cycle(after);
        assertThat(waiting.settled()).as("the destination that failed a moment ago is not tried again at once").isZero();
        assertThat(state(account).paidMsat()).isZero();

        String fixed = keysendDestination();
        ask(members.get(account), r -> new MemberEntity.SetPayoutSettings(new MemberState.PayoutSettings(fixed, 1_000_000), null, r));
        assertThat(cycle(after).settled()).as("a new destination is tried at once").isEqualTo(1);
        assertThat(state(account).paidMsat()).isPositive();
        PayoutBackoffs.State cleared = AskPattern.<PayoutBackoffs.Command, PayoutBackoffs.State>ask(backoffs,
                PayoutBackoffs.GetAll::new, ASK, testKit.system().scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(cleared.waiting()).doesNotContainKey("member " + account);
    }

    @Test
    void aHangingPaymentStaysReservedUntilTheNodeKnowsItsOutcome() throws Exception {
        SimulatedNode node = new SimulatedNode(network, "bcrt", 1_000_000_000L, 0, null);
        String account = member(3_000_000, keysendDestination(), 1_000_000);
        PayoutService service = service(node, policy(Duration.ofMillis(300)));
        node.hangNext(1);
        assertThat(cycle(service).pending()).isEqualTo(1);
        MemberState inFlight = state(account);
        assertThat(inFlight.inFlight()).isNotNull();
        assertThat(inFlight.balanceMsat()).isLessThan(3_000_000 - inFlight.inFlight().amountMsat() + 1);
        assertThat(cycle(service).pending()).as("still in flight: not paid again").isEqualTo(1);
        node.releaseHanging();
        assertThat(cycle(service).settled()).isEqualTo(1);
        MemberState done = state(account);
        assertThat(done.inFlight()).isNull();
        assertThat(done.paidMsat()).isEqualTo(inFlight.inFlight().amountMsat());
        assertThat(done.balanceMsat() + done.paidMsat() + done.feesMsat()).isEqualTo(3_000_000);
    }

    @Test
    void aPaymentThatWouldCostMoreThanItsFeeBudgetFails() throws Exception {
        SimulatedNode node = new SimulatedNode(network, "bcrt", 1_000_000_000L, 0, null);
        node.setFees(50_000, 0);
        String account = member(2_000_000, keysendDestination(), 1_000_000);
        PayoutService service = service(node, policy(Duration.ofSeconds(5)));
        assertThat(cycle(service).failed()).isEqualTo(1);
        MemberState s = state(account);
        assertThat(s.paidMsat()).isZero();
        assertThat(s.balanceMsat()).isEqualTo(2_000_000);
    }

    @Test
    void payoutsPauseWhileTheNodeCannotSendWhatIsDue() throws Exception {
        SimulatedNode node = new SimulatedNode(network, "bcrt", 500_000L, 0, null);
        member(2_000_000, keysendDestination(), 1_000_000);
        PayoutService service = service(node, policy(Duration.ofSeconds(5)));
        assertThat(cycle(service).liquidityPaused()).isTrue();
        assertThat(service.liquidityPaused()).isTrue();
    }

    @Test
    void aLightningAddressThatDoesNotResolveLeavesTheBalanceAlone() throws Exception {
        SimulatedNode node = new SimulatedNode(network, "bcrt", 1_000_000_000L, 0, null);
        String account = member(2_000_000, "nobody@127.0.0.1:1", 1_000_000);
        PayoutService service = service(node, policy(Duration.ofSeconds(5)));
        assertThat(cycle(service).failed()).isEqualTo(1);
        MemberState s = state(account);
        assertThat(s.inFlight()).isNull();
        assertThat(s.balanceMsat()).isEqualTo(2_000_000);
    }
}
