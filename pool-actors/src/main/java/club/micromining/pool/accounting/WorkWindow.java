package club.micromining.pool.accounting;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Where the PPLNS window is read from: the accepted shares in the order the journal has them. */
public interface WorkWindow {

    /**
     * The shares up to and including the block's own, newest first, until {@code difficulty} is covered
     * (or the oldest kept share). Empty while the block's share has not reached the read side yet, so the
     * caller tries again; a block whose share was never recorded is divided over the shares before it
     * once a grace time has passed.
     */
    CompletionStage<Optional<List<Work>>> upToBlock(FoundBlock block, BigDecimal difficulty);
}
