package club.micromining.pool;

/**
 * Marks every message and event that crosses the wire or goes into the journal: serialised with
 * Jackson CBOR (bound in reference.conf), never with Java serialisation.
 */
public interface CborSerializable {
}
