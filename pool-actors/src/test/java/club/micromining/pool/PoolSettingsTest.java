package club.micromining.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import club.micromining.pool.accounting.scheme.Fpps;
import club.micromining.pool.accounting.scheme.Pplns;
import club.micromining.pool.accounting.scheme.Solo;
import club.micromining.pool.accounting.PplnsWindow;
import club.micromining.pool.accounting.Split;
import club.micromining.common.config.SettingsException;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolSettingsTest {

    private static PoolSettings withEnv(Map<String, String> env) {
        return PoolSettings.fromConfig(ConfigFactory.parseMap(env).withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve());
    }

    @Test
    void theDefaultSplitAddsUpToAHundred() {
        assertThat(withEnv(Map.of()).split()).isEqualTo(new Split(9_200, 300, 200, 100, 200));
        assertThat(withEnv(Map.of("POOL_SPLIT_MEMBER", "91.5", "POOL_SPLIT_RESERVE", "1.5")).split().member()).isEqualTo(9_150);
    }

    @Test
    void aSplitThatDoesNotAddUpStopsStartUpNamingTheSetting() {
        assertThatThrownBy(() -> withEnv(Map.of("POOL_SPLIT_MEMBER", "95")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_SPLIT_MEMBER").hasMessageContaining("103");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_SPLIT_POOL_FEE", "2.005")))
                .hasMessageContaining("POOL_SPLIT_POOL_FEE").hasMessageContaining("two decimals");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_SPLIT_RAFFLE_POT", "-2")))
                .hasMessageContaining("POOL_SPLIT_RAFFLE_POT");
    }

    @Test
    void rafflesAreMonthlyAndLinearUnlessChosenAndAWrongSettingStopsStartUp() {
        PoolSettings defaults = withEnv(Map.of());
        assertThat(defaults.raffle().rounds().monthly()).isTrue();
        assertThat(defaults.raffle().weighting()).isEqualTo(club.micromining.pool.raffle.Raffle.Weighting.LINEAR);
        assertThat(defaults.raffle().delayBlocks()).isEqualTo(6);
        PoolSettings demo = withEnv(Map.of("POOL_ROUND_LENGTH", "10m", "POOL_RAFFLE_WEIGHTING", "sqrt", "POOL_RAFFLE_DELAY_BLOCKS", "1"));
        assertThat(demo.raffle().rounds().idOf(600_000)).isEqualTo("1");
        assertThat(demo.raffle().weighting()).isEqualTo(club.micromining.pool.raffle.Raffle.Weighting.SQRT);
        assertThatThrownBy(() -> withEnv(Map.of("POOL_ROUND_LENGTH", "weekly"))).hasMessageContaining("POOL_ROUND_LENGTH");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_RAFFLE_WEIGHTING", "cubic"))).hasMessageContaining("POOL_RAFFLE_WEIGHTING");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_RAFFLE_DELAY_BLOCKS", "0"))).hasMessageContaining("POOL_RAFFLE_DELAY_BLOCKS");
    }

    @Test
    void votingIsTheLastWeekOfTheRoundOneAccountOneVoteAndTheGoalTwoAndAHalfThousandEuros() {
        PoolSettings defaults = withEnv(Map.of());
        assertThat(defaults.voting().window()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(defaults.voting().weight()).isEqualTo(club.micromining.pool.projects.Voting.Weight.ONE);
        assertThat(defaults.voting().quorum()).isZero();
        assertThat(defaults.goal().goalEur()).isEqualTo(2_500);
        assertThat(defaults.goal().priceUrl()).isNull();
        assertThat(defaults.raffle().claimWindow()).isEqualTo(java.time.Duration.ofDays(30));
        PoolSettings chosen = withEnv(Map.of("POOL_VOTE_WEIGHT", "sqrt", "POOL_VOTING_QUORUM", "3", "POOL_FUNDING_GOAL_EUR", "100",
                "POOL_PRICE_URL", "https://prices.example/btc"));
        assertThat(chosen.voting().weight()).isEqualTo(club.micromining.pool.projects.Voting.Weight.SQRT);
        assertThat(chosen.voting().quorum()).isEqualTo(3);
        assertThat(chosen.goal().goalEur()).isEqualTo(100);
        assertThat(chosen.goal().priceUrl()).hasToString("https://prices.example/btc");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_VOTE_WEIGHT", "two"))).hasMessageContaining("POOL_VOTE_WEIGHT");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_PRICE_URL", "ftp://prices.example"))).hasMessageContaining("POOL_PRICE_URL");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_PRICE_JSON_POINTER", "bitcoin.eur"))).hasMessageContaining("POOL_PRICE_JSON_POINTER");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_VOTING_QUORUM", "-1"))).hasMessageContaining("POOL_VOTING_QUORUM");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_FUNDING_GOAL_EUR", "0"))).hasMessageContaining("POOL_FUNDING_GOAL_EUR");
    }

    @Test
    void theSchemeIsFppsUnlessChosenAndAWrongOneStopsStartUp() {
        assertThat(withEnv(Map.of()).scheme()).isEqualTo(new Fpps());
        assertThat(withEnv(Map.of("POOL_ACCOUNTING_SCHEME", "pplns")).scheme()).isEqualTo(new Pplns(PplnsWindow.parse("2x")));
        PoolSettings pplns = withEnv(Map.of("POOL_ACCOUNTING_SCHEME", "PPLNS", "POOL_PPLNS_WINDOW", "5e6"));
        assertThat(pplns.scheme()).isInstanceOf(Pplns.class);
        assertThat(((Pplns) pplns.scheme()).window().multiple()).isFalse();
        assertThat(withEnv(Map.of("POOL_ACCOUNTING_SCHEME", "solo")).scheme()).isEqualTo(new Solo());
        assertThatThrownBy(() -> withEnv(Map.of("POOL_ACCOUNTING_SCHEME", "pps")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_ACCOUNTING_SCHEME").hasMessageContaining("pps");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_PPLNS_WINDOW", "-1x")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_PPLNS_WINDOW");
        assertThatThrownBy(() -> withEnv(Map.of("POOL_PPLNS_WINDOW", "lots")))
                .isInstanceOf(SettingsException.class).hasMessageContaining("POOL_PPLNS_WINDOW");
    }
}
