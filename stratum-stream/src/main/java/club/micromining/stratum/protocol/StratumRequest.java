package club.micromining.stratum.protocol;

import java.util.List;

/**
 * One decoded JSON-RPC line.
 *
 * @param id     the request's id exactly as sent (JSON text, {@code null} if absent), echoed in the reply:
 *               firmware matches replies by numeric id
 * @param method the method, or null for a line that is a reply from the miner
 * @param params the parameters: strings, numbers (as {@link java.math.BigDecimal}), booleans, null,
 *               lists and maps of those
 */
public record StratumRequest(byte[] id, String method, List<Object> params) {
}
