package club.micromining.stratum.session;

import java.util.regex.Pattern;

/**
 * A miner's user name, {@code <account>.<worker>}: the account is a member name or a Bitcoin address
 * (letters, digits, {@code _} and {@code -}); the worker names the device and defaults to
 * {@code default}.
 */
public record WorkerName(String account, String worker) {
    public static final String DEFAULT_WORKER = "default";
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_ACCOUNT = 90;
    private static final int MAX_WORKER = 64;

    /** Thrown with a reason a miner can act on. */
    public static final class InvalidWorkerName extends Exception {
        InvalidWorkerName(String message) {
            super(message, null, false, false);
        }
    }

    public static WorkerName parse(String user) throws InvalidWorkerName {
        if (user == null || user.isEmpty()) {
            throw new InvalidWorkerName("user name is empty; use <account>.<worker>");
        }
        int dot = user.indexOf('.');
        String account = dot < 0 ? user : user.substring(0, dot);
        String worker = dot < 0 || dot == user.length() - 1 ? DEFAULT_WORKER : user.substring(dot + 1);
        if (account.isEmpty() || account.length() > MAX_ACCOUNT || !PART.matcher(account).matches()) {
            throw new InvalidWorkerName("invalid account '" + printable(account)
                    + "': use up to " + MAX_ACCOUNT + " letters, digits, '_' or '-'");
        }
        if (worker.length() > MAX_WORKER || !PART.matcher(worker).matches()) {
            throw new InvalidWorkerName("invalid worker '" + printable(worker)
                    + "': use up to " + MAX_WORKER + " letters, digits, '_' or '-'");
        }
        return new WorkerName(account, worker);
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public String toString() {
        return account + "." + worker;
    }
}
