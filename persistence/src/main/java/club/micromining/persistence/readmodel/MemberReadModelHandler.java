package club.micromining.persistence.readmodel;

import club.micromining.persistence.projection.PooledJdbcSession;
import club.micromining.pool.member.MemberEntity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/** Keeps {@code member_accounts} (balances) from member events, exactly once. */
public final class MemberReadModelHandler extends JdbcHandler<List<EventEnvelope<MemberEntity.Event>>, PooledJdbcSession> {
    private record Credit(String account, long msat) {
    }

    private static final Upsert<Credit> ACCOUNTS = new Upsert<>(
            "UPDATE member_accounts SET balance_msat = balance_msat + ?, credited_msat = credited_msat + ? WHERE account = ?",
            (ps, c) -> {
                ps.setLong(1, c.msat());
                ps.setLong(2, c.msat());
                ps.setString(3, c.account());
            },
            "INSERT INTO member_accounts (account, balance_msat, credited_msat) VALUES (?, ?, ?)",
            (ps, c) -> {
                ps.setString(1, c.account());
                ps.setLong(2, c.msat());
                ps.setLong(3, c.msat());
            });

    @Override
    public void process(PooledJdbcSession session, List<EventEnvelope<MemberEntity.Event>> envelopes) throws Exception {
        Map<String, Long> byAccount = new LinkedHashMap<>();
        for (EventEnvelope<MemberEntity.Event> env : envelopes) {
            if (env.event() instanceof MemberEntity.AccrualsCredited e) {
                String account = env.persistenceId().substring(MemberEntity.TYPE_KEY.name().length() + 1);
                for (MemberEntity.Credit c : e.credits()) {
                    byAccount.merge(account, c.msat(), Math::addExact);
                }
            }
        }
        List<Credit> rows = new ArrayList<>();
        byAccount.forEach((a, m) -> rows.add(new Credit(a, m)));
        session.withConnection(c -> {
            ACCOUNTS.run(c, rows);
            return null;
        });
    }
}
