package club.micromining.pool.view;

import java.time.Instant;

/** A share this node accepted lately, for the dashboard's live feed. */
public record RecentShareView(String account, String worker, double difficulty, Instant at) {
}
