package club.micromining.pool.facade;

import club.micromining.pool.view.RecentShareView;
import club.micromining.stratum.share.AcceptedShare;
import club.micromining.stratum.share.ShareRecorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The last shares this node recorded, for the dashboard's live feed: a fixed ring written after each
 * share is in the journal. Writing it costs the share path one short lock and no allocation beyond the
 * view; readers copy it. Nothing here books value; it is only what the page shows.
 */
final class RecentShares implements ShareRecorder {
    static final int SIZE = 50;

    private final ShareRecorder next;
    private final RecentShareView[] ring = new RecentShareView[SIZE];
    private long written;

    RecentShares(ShareRecorder next) {
        this.next = next;
    }

    @Override
    public CompletionStage<Void> record(AcceptedShare share) {
        CompletionStage<Void> recorded = next.record(share);
        recorded.thenRun(() -> add(new RecentShareView(share.account(), share.worker(), share.difficulty(),
                Instant.ofEpochMilli(share.acceptedAtMillis()))));
        return recorded;
    }

    synchronized void add(RecentShareView share) {
        ring[(int) (written++ % SIZE)] = share;
    }

    /** Newest first, at most {@code limit}. */
    synchronized List<RecentShareView> latest(int limit) {
        int n = (int) Math.min(Math.min(limit, SIZE), written);
        List<RecentShareView> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(ring[(int) ((written - i) % SIZE)]);
        }
        return out;
    }
}
