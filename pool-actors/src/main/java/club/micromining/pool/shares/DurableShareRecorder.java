package club.micromining.pool.shares;

import club.micromining.pool.accounting.AccrualScheme;
import club.micromining.pool.accounting.Fpps;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.device.ShareRecord;
import club.micromining.stratum.session.DeviceListener;
import club.micromining.stratum.session.WorkerName;
import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.share.DuplicateShareException;
import club.micromining.stratum.share.ShareRecorder;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;

/**
 * The durable end of the share path: an accepted share goes to its device entity with {@code ask}, and
 * the miner's {@code true} waits for the entity's confirmation that the event is in the journal. A
 * timeout or a persist failure fails the stage, which the session answers with an error, never with
 * {@code true}. Under FPPS the share's accrual is decided and split here and recorded with it; under
 * PPLNS and SOLO a share earns nothing when accepted (a found block is divided later). Device connections and disconnections are told to the entity the same way, without
 * waiting.
 */
public final class DurableShareRecorder implements ShareRecorder, DeviceListener {
    private final ClusterSharding sharding;
    private final Duration timeout;
    private final Split split;
    private final AccrualScheme scheme;

    public DurableShareRecorder(ActorSystem<?> system, Duration timeout, Split split, AccrualScheme scheme) {
        this.sharding = ClusterSharding.get(system);
        this.timeout = timeout;
        this.split = split;
        this.scheme = scheme;
    }

    @Override
    public CompletionStage<Void> record(AcceptedShare s) {
        long accrual = scheme.paysPerShare() ? Fpps.accrualMsat(s.blockValueSats(), s.networkTarget(), s.shareTarget()) : 0;
        ShareRecord share = new ShareRecord(s.jobId(), s.extranonce1(), s.extranonce2(), s.ntime(), s.nonce(), s.version(),
                s.difficulty(), s.hashDifficulty(), s.height(), s.block(), accrual,
                accrual == 0 ? Split.Parts.NONE : split.apply(accrual), s.acceptedAtMillis());
        return sharding.entityRefFor(DeviceEntity.TYPE_KEY, DeviceEntity.entityId(s.account(), s.worker()))
                .<org.apache.pekko.Done>askWithStatus(replyTo -> new DeviceEntity.RecordShare(share, replyTo), timeout)
                .handle((done, failure) -> {
                    if (failure == null) {
                        return null;
                    }
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof StatusReply.ErrorMessage e && e.getMessage().startsWith(DeviceEntity.DUPLICATE)) {
                        throw new DuplicateShareException(e.getMessage());
                    }
                    throw failure instanceof CompletionException c ? c : new CompletionException(failure);
                });
    }

    @Override
    public void connected(WorkerName device, long atMillis) {
        sharding.entityRefFor(DeviceEntity.TYPE_KEY, DeviceEntity.entityId(device.account(), device.worker()))
                .tell(new DeviceEntity.Connect(atMillis));
    }

    @Override
    public void disconnected(WorkerName device, long atMillis) {
        sharding.entityRefFor(DeviceEntity.TYPE_KEY, DeviceEntity.entityId(device.account(), device.worker()))
                .tell(new DeviceEntity.Disconnect(atMillis));
    }
}
