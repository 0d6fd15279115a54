package club.micromining.stratum.session;

import java.util.regex.Pattern;

/**
 * A device, {@code <account>.<worker>}, as a miner types it for its user name and as the pool keeps it
 * (its device id): the account is a member name or a Bitcoin address (letters, digits, {@code _} and
 * {@code -}); the worker names the device and defaults to {@code default}. The one place where the rules
 * for account and worker names live: Stratum's authorize and the API both check names here.
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

    /** A miner's user name: {@code account.worker}, or a bare account for its default worker. */
    public static WorkerName parse(String user) throws InvalidWorkerName {
        if (user == null || user.isEmpty()) {
            throw new InvalidWorkerName("user name is empty; use <account>.<worker>");
        }
        int dot = user.indexOf('.');
        String account = dot < 0 ? user : user.substring(0, dot);
        String worker = dot < 0 || dot == user.length() - 1 ? DEFAULT_WORKER : user.substring(dot + 1);
        checkAccount(account);
        if (worker.length() > MAX_WORKER || !PART.matcher(worker).matches()) {
            throw new InvalidWorkerName("invalid worker '" + printable(worker)
                    + "': use up to " + MAX_WORKER + " letters, digits, '_' or '-'");
        }
        return new WorkerName(account, worker);
    }

    /** An account on its own, as the API and the web app name one: the account rule, and no worker. */
    public static String account(String name) throws InvalidWorkerName {
        if (name != null && name.indexOf('.') >= 0) {
            throw new InvalidWorkerName("an account has no '.'; its devices are <account>.<worker>");
        }
        checkAccount(name == null ? "" : name);
        return name;
    }

    /**
     * A device id as the pool stored it, {@code account.worker} with both parts.
     *
     * @throws IllegalArgumentException if it is not one: the pool never stores such an id
     */
    public static WorkerName ofDeviceId(String deviceId) {
        int dot = deviceId.indexOf('.');
        if (dot <= 0 || dot == deviceId.length() - 1) {
            throw new IllegalArgumentException("not a device id (account.worker): '" + printable(deviceId) + "'");
        }
        try {
            return parse(deviceId);
        } catch (InvalidWorkerName e) {
            throw new IllegalArgumentException("not a device id: " + e.getMessage(), e);
        }
    }

    private static void checkAccount(String account) throws InvalidWorkerName {
        if (account.isEmpty() || account.length() > MAX_ACCOUNT || !PART.matcher(account).matches()) {
            throw new InvalidWorkerName("invalid account '" + printable(account)
                    + "': use up to " + MAX_ACCOUNT + " letters, digits, '_' or '-'");
        }
    }

    /** The device id: {@code account.worker}. */
    public String deviceId() {
        return account + "." + worker;
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    @Override
    public String toString() {
        return deviceId();
    }
}
