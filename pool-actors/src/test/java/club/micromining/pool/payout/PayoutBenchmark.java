package club.micromining.pool.payout;

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

/**
 * Payouts per second through the payout stream against the simulated node, and the time one cycle
 * takes to pay N members (each with a balance over its threshold and a keysend destination). The
 * journal is the in-memory test journal, so this measures the stream, the entities and the node.
 *
 * <p>Run: {@code mvn -q -pl pool-actors -am -Pbench test-compile exec:exec} (members: -Dbench.members=N).
 */
public final class PayoutBenchmark {
    public static void main(String[] args) throws Exception {
        int members = Integer.parseInt(System.getProperty("bench.members", "10000"));
        int parallelism = Integer.parseInt(System.getProperty("bench.parallelism", "16"));
        ActorTestKit kit = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config().withFallback(ConfigFactory.load()));
        try {
            SimulatedNode node = new SimulatedNode(new SimulatedNetwork(), "bcrt", Long.MAX_VALUE / 4, 0, null);
            node.setFees(100, 100);
            Map<String, ActorRef<MemberEntity.Command>> refs = new ConcurrentHashMap<>();
            List<CompletableFuture<?>> setup = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                String account = "bench" + i;
                ActorRef<MemberEntity.Command> ref = kit.spawn(MemberEntity.create(account, 1000));
                refs.put(account, ref);
                String destination = HexFormat.of().formatHex(new ECKey().getPubKey());
                setup.add(AskPattern.<MemberEntity.Command, StatusReply<Done>>ask(ref, r -> new MemberEntity.CreditAccruals(
                                List.of(new MemberEntity.DeviceAccruals("w", List.of(new MemberEntity.Accrual(1, 5_000_000)))), r),
                        Duration.ofSeconds(30), kit.system().scheduler())
                        .thenCompose(done -> AskPattern.<MemberEntity.Command, StatusReply<Done>>ask(ref,
                                r -> new MemberEntity.SetPayoutSettings(new MemberState.PayoutSettings(destination, 1_000_000), null, r),
                                Duration.ofSeconds(30), kit.system().scheduler()))
                        .toCompletableFuture());
            }
            CompletableFuture.allOf(setup.toArray(new CompletableFuture[0])).get(5, TimeUnit.MINUTES);
            PayoutPolicy policy = new PayoutPolicy(Duration.ofMinutes(1), Duration.ofDays(1), 1_000, 5_000, 2_000, parallelism,
                    Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofHours(1));
            PayoutService service = new PayoutService(kit.system(), policy, node, new LnurlPay(Duration.ofSeconds(5)),
                    List.of(new MemberPayees(kit.system(), policy, refs::get,
                            () -> CompletableFuture.completedFuture(new ArrayList<>(refs.keySet())))),
                    kit.spawn(PayoutBackoffs.create()), Duration.ofSeconds(30), Executors.newFixedThreadPool(4));
            long start = System.nanoTime();
            PayoutService.CycleReport report = service.runCycle().toCompletableFuture().get(30, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("members: %d, parallelism %d%n", members, parallelism);
            System.out.printf("cycle: %d settled, %d failed in %.2f s = %.0f payouts/s%n", report.settled(), report.failed(),
                    seconds, report.settled() / seconds);
        } finally {
            kit.shutdownTestKit();
        }
    }
}
