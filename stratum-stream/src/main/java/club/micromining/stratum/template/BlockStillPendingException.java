package club.micromining.stratum.template;

import java.nio.file.Path;

/**
 * The pool stopped before bitcoind answered a submitted block. Not a verdict: the block stays in its
 * pending file and is sent again when the pool next starts.
 */
public final class BlockStillPendingException extends RuntimeException {

    /** The same, said by a job source elsewhere (the cluster's). */
    public BlockStillPendingException(String message) {
        super(message, null, false, false);
    }

    BlockStillPendingException(String blockHash, Path file) {
        super("bitcoind had not answered for block " + blockHash + " when the pool stopped; it is kept in " + file
                + " and sent again at the next start", null, false, false);
    }
}
