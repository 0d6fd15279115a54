package club.micromining.pool.member;

import club.micromining.stratum.session.Authorization;
import club.micromining.stratum.session.DeviceListener;
import club.micromining.stratum.session.WorkerName;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears the claim codes miners carry in their Stratum password: a device that authorizes with one asks
 * its account's member entity to bind the account to the wallet that asked for the code. Never waits:
 * the authorize is answered as always; the outcome is logged.
 */
public final class ClaimListener implements DeviceListener {
    private static final Logger log = LoggerFactory.getLogger(ClaimListener.class);

    private final ClusterSharding sharding;
    private final Duration askTimeout;
    private final DeviceListener next;

    public ClaimListener(ActorSystem<?> system, Duration askTimeout, DeviceListener next) {
        this.sharding = ClusterSharding.get(system);
        this.askTimeout = askTimeout;
        this.next = next;
    }

    @Override
    public void connected(Authorization a) {
        next.connected(a);
        if (!ClaimCode.looksLike(a.password())) {
            return;
        }
        WorkerName device = a.device();
        sharding.entityRefFor(MemberEntity.TYPE_KEY, device.account())
                .<MemberEntity.ClaimOutcome>ask(r -> new MemberEntity.ClaimWithCode(ClaimCode.hash(a.password()), device.worker(),
                        a.atMillis(), r), askTimeout)
                .whenComplete((outcome, error) -> {
                    if (error != null) {
                        log.warn("A claim code from {} could not be checked: {}", device, error.toString());
                    } else if (outcome == MemberEntity.ClaimOutcome.CLAIMED) {
                        log.info("Account {} claimed by its wallet, proved by {}", device.account(), device);
                    } else {
                        log.info("A claim code from {} did not bind account {}: {}", device, device.account(), outcome);
                    }
                });
    }

    @Override
    public void disconnected(WorkerName device, long atMillis) {
        next.disconnected(device, atMillis);
    }
}
