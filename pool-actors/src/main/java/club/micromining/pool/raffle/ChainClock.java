package club.micromining.pool.raffle;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/** What the raffle asks of the chain: how high it is, to set the deciding block, and that block's hash, to draw. */
public interface ChainClock {

    /** The height of the chain's tip, when known. */
    OptionalLong tipHeight();

    /** The hash (as displayed) of the block at this height, empty while the chain cannot tell. */
    CompletionStage<Optional<String>> blockHash(long height);
}
