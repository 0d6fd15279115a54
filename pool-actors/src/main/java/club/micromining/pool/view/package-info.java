/**
 * What the pool shows: typed views answered by the facade ({@code club.micromining.pool.facade.Pool}),
 * the same for the JSON API (rendered by Jackson, field names as the API documents them) and the web app.
 * Money in millisatoshi as {@code long}; times as {@link java.time.Instant}, null when there is none.
 */
package club.micromining.pool.view;
