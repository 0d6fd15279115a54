package club.micromining.stratum.job;

import club.micromining.stratum.template.BlockResult;

/** Hears the chain's verdict on every block the pool submitted. */
@FunctionalInterface
public interface BlockListener {
    BlockListener NONE = (result, finder) -> { };

    /** @param finder the {@code account.worker} whose share solved the block */
    void blockSubmitted(BlockResult result, String finder);
}
