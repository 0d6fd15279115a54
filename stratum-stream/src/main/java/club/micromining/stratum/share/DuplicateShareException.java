package club.micromining.stratum.share;

/**
 * A recorder's answer for a share it already holds (sent again after a reconnect or a restart): the
 * miner hears "duplicate" (22), not "please resubmit", which would only make it send the share again.
 */
public final class DuplicateShareException extends RuntimeException {
    public DuplicateShareException(String message) {
        super(message, null, false, false);
    }
}
