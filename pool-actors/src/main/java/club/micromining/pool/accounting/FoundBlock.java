package club.micromining.pool.accounting;

import club.micromining.pool.CborSerializable;
import club.micromining.stratum.session.WorkerName;

/**
 * A block the chain accepted from this pool, as its reward is divided.
 *
 * @param hash              display-order block hash
 * @param height            its height
 * @param finder            {@code account.worker} whose share solved it
 * @param valueMsat         what its coinbase claimed (subsidy plus fees), in millisatoshi
 * @param networkDifficulty the block's difficulty (sizes a PPLNS window given as a multiple)
 * @param foundAtMillis     when the chain accepted it
 */
public record FoundBlock(String hash, long height, String finder, long valueMsat, double networkDifficulty, long foundAtMillis)
        implements CborSerializable {

    public String finderAccount() {
        return WorkerName.ofDeviceId(finder).account();
    }
}
