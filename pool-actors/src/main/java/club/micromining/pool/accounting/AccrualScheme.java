package club.micromining.pool.accounting;

/** How accepted work turns into members' money. */
public enum AccrualScheme {
    /** Every share earns its expected value at once: share difficulty / network difficulty × block value. */
    FPPS,
    /** Shares earn nothing when accepted; a found block is divided over the last N difficulty of shares. */
    PPLNS,
    /** Shares earn nothing when accepted; a found block goes to the finder's account. */
    SOLO;

    /** Whether a share's accrual is decided when it is accepted (otherwise when a block is found). */
    public boolean paysPerShare() {
        return this == FPPS;
    }
}
