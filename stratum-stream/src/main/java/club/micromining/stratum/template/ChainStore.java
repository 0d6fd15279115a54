package club.micromining.stratum.template;

import java.util.Optional;

/**
 * Where the embedded chain keeps the blocks it accepted, so a restarted node (or the node that takes the
 * job manager over) goes on from its tip instead of starting a new chain at height 1: a raffle round
 * committed to a future height of this chain must find that height's block, whichever run mined it.
 */
public interface ChainStore {

    /** One accepted block: {@code hash} as displayed (byte-reversed), {@code bits} its compact target. */
    record StoredBlock(long height, String hash, int bits) {
    }

    /** The highest block stored, empty for a new chain. */
    Optional<StoredBlock> tip();

    /** The hash (as displayed) of the stored block at this height. */
    Optional<String> hashAt(long height);

    /** Stores a block the chain accepted; called before the chain issues a template on top of it. */
    void accepted(StoredBlock block);

    /** Nothing kept: the chain lives as long as its process (the edge-alone benchmark, unit tests). */
    ChainStore IN_MEMORY = new ChainStore() {
        @Override
        public Optional<StoredBlock> tip() {
            return Optional.empty();
        }

        @Override
        public Optional<String> hashAt(long height) {
            return Optional.empty();
        }

        @Override
        public void accepted(StoredBlock block) {
        }
    };
}
