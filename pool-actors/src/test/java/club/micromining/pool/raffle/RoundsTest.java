package club.micromining.pool.raffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoundsTest {

    @Test
    void monthsAreUtcCalendarMonths() {
        Rounds months = Rounds.parse("month");
        long lastMsOfNovember = Instant.parse("2026-11-30T23:59:59.999Z").toEpochMilli();
        assertThat(months.idOf(lastMsOfNovember)).isEqualTo("2026-11");
        assertThat(months.idOf(lastMsOfNovember + 1)).isEqualTo("2026-12");
        assertThat(months.startOf("2026-12")).isEqualTo(lastMsOfNovember + 1);
        assertThat(months.endOf("2026-12")).isEqualTo(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli());
        assertThat(months.endOf("2026-02") - months.startOf("2026-02")).isEqualTo(28L * 86_400_000);
    }

    @Test
    void durationRoundsAreNumberedSpans() {
        Rounds tens = Rounds.parse("10m");
        assertThat(tens.idOf(600_000 * 7 + 1)).isEqualTo("7");
        assertThat(tens.startOf("7")).isEqualTo(4_200_000);
        assertThat(tens.endOf("7")).isEqualTo(4_800_000);
        assertThatThrownBy(() -> Rounds.parse("1s")).hasMessageContaining("at least 10s");
        assertThatThrownBy(() -> Rounds.parse("fortnight")).hasMessageContaining("'month' or a duration");
        assertThatThrownBy(() -> Rounds.parse("month").startOf("december")).hasMessageContaining("not a month round");
    }
}
