package club.micromining.stratum.session;

/**
 * A device's connection as its authorize gave it.
 *
 * @param device    {@code account.worker}
 * @param userAgent what its subscribe named it (such as {@code bitaxe/BM1370/v2.4.0}), printable, or empty
 * @param password  what its authorize carried as password (a claim code, or anything), printable, or empty
 * @param atMillis  when it authorized
 */
public record Authorization(WorkerName device, String userAgent, String password, long atMillis) {
    /** Longer texts are cut: they are shown and matched, never trusted. */
    public static final int MAX_TEXT = 64;

    /** The printable part of what a miner sent, cut to {@link #MAX_TEXT}; empty for anything that is not text. */
    public static String printable(Object sent) {
        if (!(sent instanceof String s)) {
            return "";
        }
        String cut = s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
