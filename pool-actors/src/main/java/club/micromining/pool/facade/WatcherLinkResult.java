package club.micromining.pool.facade;

/** What became of a request for an account's watcher link. */
public sealed interface WatcherLinkResult {

    /** The token of the link's URL ({@code /watch/<token>}); shown once, only its hash is kept. */
    record Issued(String account, String token) implements WatcherLinkResult {
    }

    record Refused(String reason) implements WatcherLinkResult {
    }
}
