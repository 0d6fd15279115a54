package club.micromining.stratum.share;

/** Why a share was not credited, with the Stratum error code the miner sees. */
public enum Rejection {
    OTHER(20, "Other error"),
    INVALID_PARAMS(20, "Invalid submit parameters"),
    BAD_EXTRANONCE2(20, "Incorrect size of extranonce2"),
    NTIME_OUT_OF_RANGE(20, "ntime out of range"),
    VERSION_OUT_OF_MASK(20, "Version bits outside the negotiated mask"),
    NOT_RECORDED(20, "Share could not be recorded, please resubmit"),
    JOB_NOT_FOUND(21, "Job not found"),
    STALE(21, "Stale job"),
    DUPLICATE(22, "Duplicate share"),
    LOW_DIFFICULTY(23, "Low difficulty share"),
    UNAUTHORIZED(24, "Unauthorized worker"),
    NOT_SUBSCRIBED(25, "Not subscribed");

    private final int code;
    private final String message;

    Rejection(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }
}
