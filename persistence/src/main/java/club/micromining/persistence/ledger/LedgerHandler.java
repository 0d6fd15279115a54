package club.micromining.persistence.ledger;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.accounting.Split;
import club.micromining.pool.device.DeviceEntity;
import club.micromining.pool.member.MemberEntity;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.stratum.session.WorkerName;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Writes the ledger from the journal, exactly once (in the projection's transaction with its offset):
 * facts that stand alone are appended at once, shares and credits are added to their period's aggregate.
 */
public final class LedgerHandler<E> extends JdbcHandler<List<EventEnvelope<E>>, PooledJdbcSession> {
    private final LedgerStore store;
    private final String slice;
    private final long periodMillis;
    private final Function<EventEnvelope<E>, Optional<LedgerStore.Draft>> entry;
    private final boolean devices;
    private final boolean members;

    private LedgerHandler(LedgerStore store, String slice, long periodMillis, Function<EventEnvelope<E>, Optional<LedgerStore.Draft>> entry,
                          boolean devices, boolean members) {
        this.store = store;
        this.slice = slice;
        this.periodMillis = periodMillis;
        this.entry = entry;
        this.devices = devices;
        this.members = members;
    }

    public static LedgerHandler<DeviceEntity.Event> devices(LedgerStore store, String tag, long periodMillis) {
        return new LedgerHandler<>(store, tag, periodMillis, env -> Optional.empty(), true, false);
    }

    public static LedgerHandler<MemberEntity.Event> members(LedgerStore store, long periodMillis) {
        return new LedgerHandler<>(store, MemberEntity.TAG, periodMillis,
                env -> LedgerKinds.member(MemberEntity.accountOf(env.persistenceId()), env.event()), false, true);
    }

    public static LedgerHandler<ProjectEntity.Event> projects(LedgerStore store) {
        return new LedgerHandler<>(store, ProjectEntity.TAG, 0,
                env -> LedgerKinds.project(ProjectEntity.projectOf(env.persistenceId()), env.event()), false, false);
    }

    /** A source whose facts all stand alone (blocks, divisions, donations). */
    public static <E> LedgerHandler<E> facts(LedgerStore store, String tag, Function<E, Optional<LedgerStore.Draft>> entry) {
        return new LedgerHandler<>(store, tag, 0, env -> entry.apply(env.event()), false, false);
    }

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<E>> envelopes) throws Exception {
        List<LedgerStore.Draft> drafts = new ArrayList<>();
        Map<List<Object>, LedgerStore.Contribution> contributions = new LinkedHashMap<>();
        Map<List<Object>, LedgerStore.Credit> credits = new LinkedHashMap<>();
        for (EventEnvelope<E> env : envelopes) {
            entry.apply(env).ifPresent(drafts::add);
            if (devices && env.event() instanceof DeviceEntity.ShareAccepted e) {
                WorkerName device = DeviceEntity.deviceOf(env.persistenceId());
                long period = LedgerKinds.periodOf(e.share().acceptedAtMillis(), periodMillis);
                Split.Parts p = e.share().parts();
                contributions.merge(List.of(device.deviceId(), period), new LedgerStore.Contribution(device.account(), device.worker(), period, 1,
                        BigDecimal.valueOf(e.share().difficulty()), p.member(), p.projectFund(), p.rafflePot(), p.reserve(), p.poolFee()),
                        LedgerHandler::sum);
            }
            if (members && env.event() instanceof MemberEntity.AccrualsCredited e) {
                String account = MemberEntity.accountOf(env.persistenceId());
                long period = LedgerKinds.periodOf(e.atMillis(), periodMillis);
                long msat = e.credits().stream().mapToLong(MemberEntity.Credit::msat).sum();
                credits.merge(List.of(account, period), new LedgerStore.Credit(account, period, msat),
                        (a, b) -> new LedgerStore.Credit(a.account(), a.periodStart(), Math.addExact(a.msat(), b.msat())));
            }
        }
        long now = System.currentTimeMillis();
        session.withConnection(c -> {
            // The head first: the sealer takes it before the aggregates too, so neither waits on the other in a circle.
            store.append(c, drafts, now);
            if (!contributions.isEmpty()) {
                store.addContributions(c, slice, new ArrayList<>(contributions.values()));
            }
            if (!credits.isEmpty()) {
                store.addCredits(c, slice, new ArrayList<>(credits.values()));
            }
            return null;
        });
    }

    private static LedgerStore.Contribution sum(LedgerStore.Contribution a, LedgerStore.Contribution b) {
        return new LedgerStore.Contribution(a.account(), a.worker(), a.periodStart(), a.shares() + b.shares(), a.difficulty().add(b.difficulty()),
                Math.addExact(a.member(), b.member()), Math.addExact(a.projectFund(), b.projectFund()),
                Math.addExact(a.rafflePot(), b.rafflePot()), Math.addExact(a.reserve(), b.reserve()), Math.addExact(a.poolFee(), b.poolFee()));
    }
}
