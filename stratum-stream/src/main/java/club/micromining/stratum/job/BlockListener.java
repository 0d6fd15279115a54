package club.micromining.stratum.job;

import club.micromining.stratum.template.BlockResult;
import club.micromining.stratum.template.BlockTemplate;

/** Hears the chain's verdict on every block the pool submitted. */
@FunctionalInterface
public interface BlockListener {
    BlockListener NONE = (result, finder, template) -> { };

    /**
     * @param finder   the {@code account.worker} whose share solved the block
     * @param template the template the block was built on (its coinbase value and target)
     */
    void blockSubmitted(BlockResult result, String finder, BlockTemplate template);
}
