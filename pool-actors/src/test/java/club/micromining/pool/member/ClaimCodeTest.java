package club.micromining.pool.member;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClaimCodeTest {

    @Test
    void newCodesAreRecognisedAndDiffer() {
        String a = ClaimCode.newCode();
        assertThat(a).matches("claim-[A-Z2-9]{10}");
        assertThat(ClaimCode.looksLike(a)).isTrue();
        assertThat(ClaimCode.newCode()).isNotEqualTo(a);
    }

    @Test
    void ordinaryPasswordsAreNotCodes() {
        assertThat(ClaimCode.looksLike("x")).isFalse();
        assertThat(ClaimCode.looksLike("")).isFalse();
        assertThat(ClaimCode.looksLike(null)).isFalse();
        assertThat(ClaimCode.looksLike("claim-ABC")).isFalse();
        // 0, 1, I and O are left out of the alphabet: too easy to mistype.
        assertThat(ClaimCode.looksLike("claim-ABCDEFGHI0")).isFalse();
    }

    @Test
    void theHashIgnoresCaseAndSurroundingSpaces() {
        assertThat(ClaimCode.hash(" Claim-abcdefghjk ")).isEqualTo(ClaimCode.hash("claim-ABCDEFGHJK"));
        assertThat(ClaimCode.hash("claim-ABCDEFGHJK")).hasSize(64).isNotEqualTo(ClaimCode.hash("claim-ABCDEFGHJL"));
    }
}
