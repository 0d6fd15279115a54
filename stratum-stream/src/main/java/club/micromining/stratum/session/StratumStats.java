package club.micromining.stratum.session;

import club.micromining.stratum.share.Rejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Node-wide counters of the mining edge, updated by every connection. */
public final class StratumStats {
    private final LongAdder connections = new LongAdder();
    private final LongAdder authorized = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final DoubleAdder acceptedDifficulty = new DoubleAdder();
    private final LongAdder blocks = new LongAdder();
    private final Map<Rejection, LongAdder> rejected = new EnumMap<>(Rejection.class);

    public StratumStats() {
        for (Rejection r : Rejection.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    void connectionOpened() {
        connections.increment();
    }

    void connectionClosed(boolean wasAuthorized) {
        connections.decrement();
        if (wasAuthorized) {
            authorized.decrement();
        }
    }

    void deviceAuthorized() {
        authorized.increment();
    }

    void shareAccepted(double difficulty, boolean block) {
        accepted.increment();
        acceptedDifficulty.add(difficulty);
        if (block) {
            blocks.increment();
        }
    }

    void shareRejected(Rejection reason) {
        rejected.get(reason).increment();
    }

    public long connections() {
        return connections.sum();
    }

    public long authorizedConnections() {
        return authorized.sum();
    }

    public long accepted() {
        return accepted.sum();
    }

    public double acceptedDifficulty() {
        return acceptedDifficulty.sum();
    }

    public long blockCandidates() {
        return blocks.sum();
    }

    public long rejected(Rejection reason) {
        return rejected.get(reason).sum();
    }

    public long rejectedTotal() {
        long n = 0;
        for (LongAdder a : rejected.values()) {
            n += a.sum();
        }
        return n;
    }
}
