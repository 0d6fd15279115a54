package club.micromining.persistence.readmodel;

import club.micromining.pool.accounting.Split;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the funds got: {@code pool_funds} all time (one row per fund since its migration, V4, so it is only
 * ever updated) and {@code fund_months} per UTC month, in the writing instance's slice.
 */
final class PoolFunds {
    private final Map<Split.Fund, Long> total = new EnumMap<>(Split.Fund.class);
    private final Map<String, Map<Split.Fund, Long>> byMonth = new TreeMap<>();

    private record MonthRow(String slice, String month, Split.Fund fund, long msat) {
    }

    private static final Upsert<MonthRow> MONTHS = new Upsert<>(
            "UPDATE fund_months SET msat = msat + ? WHERE slice = ? AND at_month = ? AND fund = ?",
            (ps, r) -> {
                ps.setLong(1, r.msat());
                ps.setString(2, r.slice());
                ps.setString(3, r.month());
                ps.setString(4, r.fund().key());
            },
            "INSERT INTO fund_months (slice, at_month, fund, msat) VALUES (?, ?, ?, ?)",
            (ps, r) -> {
                ps.setString(1, r.slice());
                ps.setString(2, r.month());
                ps.setString(3, r.fund().key());
                ps.setLong(4, r.msat());
            });

    /** Adds what a fund got at a time, to be written with {@link #write}. */
    void add(Split.Fund fund, long msat, long atMillis) {
        if (msat == 0) {
            return;
        }
        total.merge(fund, msat, Long::sum);
        byMonth.computeIfAbsent(Periods.month(atMillis), m -> new EnumMap<>(Split.Fund.class)).merge(fund, msat, Long::sum);
    }

    void add(Split.Parts parts, long atMillis) {
        for (Split.Fund f : Split.Fund.values()) {
            add(f, parts.of(f), atMillis);
        }
    }

    /** Writes what was added, in two batched statements; funds that got nothing are left alone. */
    void write(Connection c, String slice) throws SQLException {
        if (total.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE pool_funds SET msat = msat + ? WHERE fund = ?")) {
            for (Map.Entry<Split.Fund, Long> e : total.entrySet()) {
                ps.setLong(1, e.getValue());
                ps.setString(2, e.getKey().key());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        List<MonthRow> rows = new ArrayList<>();
        byMonth.forEach((month, funds) -> funds.forEach((fund, msat) -> rows.add(new MonthRow(slice, month, fund, msat))));
        MONTHS.run(c, rows);
    }
}
