package club.micromining.persistence.projection;

import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.member.MemberEntity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.Handler;

/**
 * Carries what devices earned to their members: each batch of device events becomes one credit per
 * account, listing every share event of each of its devices by sequence number. Delivery is at least once (a batch may come
 * again after a crash); the member entity applies each device event once.
 */
public final class MemberCreditHandler extends Handler<List<EventEnvelope<DeviceEntity.Event>>> {
    private final ClusterSharding sharding;
    private final Duration timeout;

    public MemberCreditHandler(ClusterSharding sharding, Duration timeout) {
        this.sharding = sharding;
        this.timeout = timeout;
    }

    @Override
    public CompletionStage<Done> process(List<EventEnvelope<DeviceEntity.Event>> envelopes) {
        Map<String, List<MemberEntity.Accrual>> byDevice = new LinkedHashMap<>();
        for (EventEnvelope<DeviceEntity.Event> env : envelopes) {
            if (env.event() instanceof DeviceEntity.ShareAccepted e) {
                String device = env.persistenceId().substring(DeviceEntity.TYPE_KEY.name().length() + 1);
                byDevice.computeIfAbsent(device, k -> new ArrayList<>())
                        .add(new MemberEntity.Accrual(env.sequenceNr(), e.share().parts().member()));
            }
        }
        Map<String, List<MemberEntity.DeviceAccruals>> byAccount = new LinkedHashMap<>();
        byDevice.forEach((device, accruals) -> {
            int dot = device.indexOf('.');
            byAccount.computeIfAbsent(device.substring(0, dot), k -> new ArrayList<>())
                    .add(new MemberEntity.DeviceAccruals(device.substring(dot + 1), accruals));
        });
        List<CompletableFuture<Done>> credits = new ArrayList<>();
        byAccount.forEach((account, devices) -> credits.add(sharding.entityRefFor(MemberEntity.TYPE_KEY, account)
                .<Done>askWithStatus(replyTo -> new MemberEntity.CreditAccruals(devices, replyTo), timeout)
                .toCompletableFuture()));
        return CompletableFuture.allOf(credits.toArray(new CompletableFuture[0])).thenApply(v -> Done.getInstance());
    }
}
