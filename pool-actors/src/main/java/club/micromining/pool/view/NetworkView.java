package club.micromining.pool.view;

/**
 * The chain being mined, from the current job; both null before the first template arrived.
 *
 * @param height     height of the block being mined
 * @param difficulty its network difficulty
 */
public record NetworkView(Long height, Double difficulty) {
    public static final NetworkView UNKNOWN = new NetworkView(null, null);
}
