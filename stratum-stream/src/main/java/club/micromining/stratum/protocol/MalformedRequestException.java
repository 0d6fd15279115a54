package club.micromining.stratum.protocol;

/** A line that is not a JSON-RPC request the pool can read. */
public final class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
        super(message, null, false, false);
    }
}
