package club.micromining.pool.accounting;

import club.micromining.pool.CborSerializable;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * How every accrual is divided, in basis points (hundredths of a percent) that sum to 10 000.
 *
 * @param member      to the member whose device did the work
 * @param projectFund to the community projects members vote on
 * @param rafflePot   to the monthly raffle
 * @param reserve     kept back; also takes every rounding remainder
 * @param poolFee     to the operators
 */
public record Split(int member, int projectFund, int rafflePot, int reserve, int poolFee) implements CborSerializable {
    public static final int WHOLE = 10_000;

    public Split {
        for (int part : new int[] {member, projectFund, rafflePot, reserve, poolFee}) {
            if (part < 0) {
                throw new IllegalArgumentException("a split part cannot be negative");
            }
        }
        if (member + projectFund + rafflePot + reserve + poolFee != WHOLE) {
            throw new IllegalArgumentException("the split parts must add up to 100 %");
        }
    }

    /**
     * Divides an accrual: each part rounded down to the millisatoshi, the remainder to the reserve, so the
     * parts always add up to the accrual exactly.
     */
    public Parts apply(long accrualMsat) {
        if (accrualMsat < 0) {
            throw new IllegalArgumentException("an accrual cannot be negative");
        }
        long m = share(accrualMsat, member);
        long f = share(accrualMsat, projectFund);
        long r = share(accrualMsat, rafflePot);
        long p = share(accrualMsat, poolFee);
        return new Parts(m, f, r, accrualMsat - m - f - r - p, p);
    }

    /** As an operator reads it: {@code member 92%, project fund 3%, ...}. */
    public String describe() {
        return "member " + percent(member) + ", project fund " + percent(projectFund) + ", raffle pot " + percent(rafflePot)
                + ", reserve " + percent(reserve) + ", pool fee " + percent(poolFee);
    }

    private static String percent(int basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString() + "%";
    }

    private static long share(long msat, int basisPoints) {
        if (msat <= Long.MAX_VALUE / WHOLE) {
            return msat * basisPoints / WHOLE;
        }
        return BigInteger.valueOf(msat).multiply(BigInteger.valueOf(basisPoints)).divide(BigInteger.valueOf(WHOLE))
                .longValueExact();
    }

    /**
     * The club's funds: every part of an accrual that is not the member's. Their keys name them in the
     * read models, the API and the ledger.
     */
    public enum Fund {
        PROJECT_FUND("project-fund"),
        RAFFLE_POT("raffle-pot"),
        RESERVE("reserve"),
        POOL_FEE("pool-fee");

        private final String key;

        Fund(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static Fund ofKey(String key) {
            for (Fund f : values()) {
                if (f.key.equals(key)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("no fund '" + key + "'");
        }
    }

    /** One accrual divided, in millisatoshi; recorded with the share and never recomputed. */
    public record Parts(long member, long projectFund, long rafflePot, long reserve, long poolFee) implements CborSerializable {
        public static final Parts NONE = new Parts(0, 0, 0, 0, 0);

        public long total() {
            return member + projectFund + rafflePot + reserve + poolFee;
        }

        /** What went to one of the club's funds. */
        public long of(Fund fund) {
            return switch (fund) {
                case PROJECT_FUND -> projectFund;
                case RAFFLE_POT -> rafflePot;
                case RESERVE -> reserve;
                case POOL_FEE -> poolFee;
            };
        }
    }
}
