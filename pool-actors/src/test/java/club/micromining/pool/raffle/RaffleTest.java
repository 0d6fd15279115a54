package club.micromining.pool.raffle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected values computed outside the project (Python's hashlib, the algorithm as the README states it). */
class RaffleTest {
    private static final String BLOCK = "00000000000000000001a4b2a4e5f0a3f2e7f1a4b6c8d0e2f4a6b8c0d2e4f6a8";

    @Test
    void ticketsAreHashesOrTheirSquareRoot() {
        assertThat(Raffle.hashes(new BigDecimal("1.5"))).isEqualTo(BigInteger.valueOf(6_442_450_944L));
        assertThat(Raffle.hashes(new BigDecimal("0.0000000001"))).isZero();
        assertThat(Raffle.tickets(BigInteger.valueOf(1_000_001), Raffle.Weighting.SQRT)).isEqualTo(BigInteger.valueOf(1000));
        assertThat(Raffle.tickets(BigInteger.valueOf(1_000_001), Raffle.Weighting.LINEAR)).isEqualTo(BigInteger.valueOf(1_000_001));
    }

    @Test
    void theCommitmentOrdersAccountsBytewiseAndLeavesOutThoseWithoutTickets() {
        Raffle.Commitment c = Raffle.commit("2026-12", Map.of("bob", BigInteger.ONE, "alice", BigInteger.TWO, "Zed", BigInteger.valueOf(3),
                "idle", BigInteger.ZERO), 100, 6);
        assertThat(c.tickets()).extracting(Raffle.Ticket::account).containsExactly("Zed", "alice", "bob");
        assertThat(c.total()).isEqualTo(BigInteger.valueOf(6));
        assertThat(c.targetHeight()).isEqualTo(106);
        assertThatThrownBy(() -> Raffle.commit("x", Map.of("a", BigInteger.ONE), 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDrawRecomputedElsewhereGivesTheSameWinner() {
        Raffle.Commitment c = Raffle.commit("2026-12", Map.of("alice", BigInteger.valueOf(3_000_000), "bob", BigInteger.valueOf(1_000_000),
                "carol", BigInteger.valueOf(500)), 870_000, 6);
        assertThat(c.rootHex()).isEqualTo("bdfe525eeffef4ddf053bb6638ccbc133f835e0494b16447e2cfcb8ccbb85a2e");
        assertThat(c.total()).isEqualTo(BigInteger.valueOf(4_000_500));
        Raffle.Draw d = Raffle.draw(c, BLOCK.toUpperCase());
        assertThat(d.seedHex()).isEqualTo("fd481ba21f79b17da126f35d11fcdd5db797630dd8afed61175308a50750b247");
        assertThat(d.iterations()).isZero();
        assertThat(d.winner()).isEqualTo("alice");
        assertThat(d.height()).isEqualTo(870_006);
    }

    @Test
    void aSeedInTheBiasedRangeIsHashedAgain() {
        // W = 2^255 + 1: almost half of all seeds fall at or above 2^256 - (2^256 mod W) = W.
        BigInteger quarter = BigInteger.ONE.shiftLeft(254);
        Raffle.Commitment c = Raffle.commit("r3", Map.of("alice", quarter, "bob", quarter.add(BigInteger.ONE)), 10, 1);
        assertThat(c.rootHex()).isEqualTo("513cfc5bc57b5d6b0234ea009ffacd252d122c9df40e53b3ae594804c62cd730");
        Raffle.Draw d = Raffle.draw(c, BLOCK);
        assertThat(d.iterations()).isEqualTo(1);
        assertThat(d.seedHex()).isEqualTo("164433c60d92d7452c59b2e6e9c4611125f88a06a71f6c9845baa3475c50e87c");
        assertThat(d.winner()).isEqualTo("alice");
    }
}
