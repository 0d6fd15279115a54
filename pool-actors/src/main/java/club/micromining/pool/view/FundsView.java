package club.micromining.pool.view;

import club.micromining.pool.accounting.Split;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the club's funds gathered, all time, in msat; rendered as an object keyed by the funds' keys. */
public record FundsView(Map<Split.Fund, Long> msat) {
    public FundsView {
        EnumMap<Split.Fund, Long> all = new EnumMap<>(Split.Fund.class);
        for (Split.Fund f : Split.Fund.values()) {
            all.put(f, msat.getOrDefault(f, 0L));
        }
        msat = Map.copyOf(all);
    }

    public long of(Split.Fund fund) {
        return msat.get(fund);
    }

    /** Every fund by its key, in the funds' order: what the API shows. */
    @JsonValue
    public Map<String, Long> byKey() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Split.Fund f : Split.Fund.values()) {
            m.put(f.key(), msat.get(f));
        }
        return m;
    }
}
