package club.micromining.pool.shares;

import club.micromining.pool.accounting.Split;
import club.micromining.pool.accounting.scheme.PaymentScheme;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.device.ShareRecord;
import club.micromining.stratum.session.WorkerName;
import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.share.DuplicateShareException;
import club.micromining.stratum.share.ShareRecorder;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * The durable end of the share path: an accepted share goes to its device entity with {@code ask}, and
 * the miner's {@code true} waits for the entity's confirmation that the event is in the journal. A
 * timeout or a persist failure fails the stage, which the session answers with an error, never with
 * {@code true}. What the share earns when accepted is the payment scheme's to say; it is split here and
 * recorded with it.
 */
public final class DurableShareRecorder implements ShareRecorder {
    private final ClusterSharding sharding;
    private final Duration timeout;
    private final Split split;
    private final PaymentScheme scheme;

    public DurableShareRecorder(ActorSystem<?> system, Duration timeout, Split split, PaymentScheme scheme) {
        this.sharding = ClusterSharding.get(system);
        this.timeout = timeout;
        this.split = split;
        this.scheme = scheme;
    }

    @Override
    public CompletionStage<Void> record(AcceptedShare s) {
        long accrual = scheme.shareAccrualMsat(s);
        ShareRecord share = new ShareRecord(s.jobId(), s.extranonce1(), s.extranonce2(), s.ntime(), s.nonce(), s.version(),
                s.difficulty(), s.hashDifficulty(), s.height(), s.block(), accrual,
                accrual == 0 ? Split.Parts.NONE : split.apply(accrual), s.acceptedAtMillis());
        return device(new WorkerName(s.account(), s.worker()))
                .<DeviceEntity.Recorded>ask(replyTo -> new DeviceEntity.RecordShare(share, replyTo), timeout)
                .thenApply(recorded -> {
                    if (recorded == DeviceEntity.Recorded.DUPLICATE) {
                        throw new DuplicateShareException("duplicate share " + share.identity());
                    }
                    return null;
                });
    }

    private EntityRef<DeviceEntity.Command> device(WorkerName device) {
        return sharding.entityRefFor(DeviceEntity.TYPE_KEY, device.deviceId());
    }
}
