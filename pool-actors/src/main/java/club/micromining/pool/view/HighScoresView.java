package club.micromining.pool.view;

import java.time.Instant;
import java.util.List;

/**
 * What the club's miners compete in, as public pools show it.
 *
 * @param month          the UTC month of the monthly lists, {@code 2026-12}
 * @param bestThisMonth  the hardest shares this month, hardest first
 * @param bestAllTime    the hardest shares ever, one per device, hardest first
 * @param contributions  work this month by account, most first
 * @param modelsOnline   devices online by model (from the firmware's subscribe), most first
 */
public record HighScoresView(String month, List<BestShare> bestThisMonth, List<BestShare> bestAllTime,
                             List<Contribution> contributions, List<ModelCount> modelsOnline) {
    public HighScoresView {
        bestThisMonth = List.copyOf(bestThisMonth);
        bestAllTime = List.copyOf(bestAllTime);
        contributions = List.copyOf(contributions);
        modelsOnline = List.copyOf(modelsOnline);
    }

    /** @param difficulty the difficulty the share's hash reached */
    public record BestShare(String account, String worker, double difficulty, Instant at) {
    }

    /**
     * @param difficulty credited difficulty this month
     * @param share      its part of the pool's, 0 to 1
     */
    public record Contribution(String account, long shares, double difficulty, double share) {
    }

    /** @param model such as {@code bitaxe/BM1370}, or "unknown" for a device that named none */
    public record ModelCount(String model, long devices) {
    }
}
