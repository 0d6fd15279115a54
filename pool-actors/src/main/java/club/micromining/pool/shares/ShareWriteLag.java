package club.micromining.pool.shares;

/**
 * How far behind the share path's journal writes are now: what the read side, which may wait, yields to.
 */
@FunctionalInterface
public interface ShareWriteLag {
    /** A share path that is never behind (a read side without miners). */
    ShareWriteLag NONE = () -> 0;

    /**
     * The longest a device's write answered in the last quarter second or so took, or, while writes wait and
     * none has been answered for longer than that, the time since the last answer; 0 when idle.
     */
    long nanos();
}
