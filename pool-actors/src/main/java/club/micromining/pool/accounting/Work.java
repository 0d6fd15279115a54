package club.micromining.pool.accounting;

/**
 * One accepted share as the PPLNS window counts it.
 *
 * @param account    the member account that did the work
 * @param difficulty the difficulty the share was credited at
 */
public record Work(String account, double difficulty) {
}
