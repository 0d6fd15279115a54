package club.micromining.web.view;

import club.micromining.pool.view.FundingGoalView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.PoolView;
import club.micromining.pool.view.RecentShareView;
import club.micromining.web.component.Formats;
import club.micromining.web.component.ShareFeed;
import club.micromining.web.component.SvgChart;
import club.micromining.web.live.LiveFeed;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The pool at a glance, live: hash rate and its last day, devices, shares, blocks, the round's goal, shares as they come. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("MicroMining")
public class DashboardPage extends Page {
    private Span hashrate;
    private Span devices;
    private Span accepted;
    private Span rejected;
    private Span blocks;
    private Span height;
    private Span difficulty;
    private Div chart;
    private Div rejections;
    private ProgressBar goalBar;
    private Paragraph goalText;
    private Paragraph goalEstimate;
    private Div shares;
    private LiveFeed.Snapshot last;
    private Map<String, Long> shownRejections;

    @Override
    protected boolean live() {
        return true;
    }

    @Override
    protected void render() {
        add(heading("dashboard.title"));
        hashrate = new Span("—");
        hashrate.setId("pool-hashrate");
        devices = new Span("—");
        devices.setId("devices-online");
        accepted = new Span("—");
        accepted.setId("shares-accepted");
        rejected = new Span("—");
        blocks = new Span("—");
        height = new Span("—");
        difficulty = new Span("—");
        add(tiles(tile(getTranslation("dashboard.hashrate"), hashrate), tile(getTranslation("dashboard.devicesOnline"), devices),
                tile(getTranslation("dashboard.accepted"), accepted), tile(getTranslation("dashboard.rejected"), rejected),
                tile(getTranslation("dashboard.blocks"), blocks), tile(getTranslation("dashboard.height"), height),
                tile(getTranslation("dashboard.networkDifficulty"), difficulty)));

        add(heading("dashboard.chart"));
        chart = svg(SvgChart.area(getTranslation("dashboard.chart"), List.of(), v -> ""));
        chart.setId("pool-chart");
        add(chart);

        add(heading("dashboard.goal"));
        goalBar = new ProgressBar(0, 1000, 0);
        goalText = new Paragraph();
        goalText.setId("goal");
        goalEstimate = new Paragraph();
        goalEstimate.getStyle().set("color", "var(--lumo-secondary-text-color)");
        add(goalBar, goalText, goalEstimate);

        add(heading("dashboard.rejections"));
        rejections = new Div();
        shownRejections = null;
        add(rejections);

        add(heading("dashboard.liveShares"));
        shares = svg(ShareFeed.html(List.of(), formats(), "", "", "", getTranslation("dashboard.noShares")));
        shares.setId("recent-shares");
        add(shares);
        if (last != null) {
            LiveFeed.Snapshot s = last;
            last = null;
            refresh(s);
        } else {
            // First figures at once from the port (the feed's next refresh may be a second away).
            load(ctx().port().summary(), this::showPool);
            load(ctx().port().poolHistory(), this::showHistory);
            load(ctx().port().fundingGoal(), this::showGoal);
            showShares(ctx().port().recentShares(20));
        }
    }

    /**
     * Only what changed is set: an unchanged figure sends nothing to the browser, and the chart and the
     * share list, the largest parts of the page, are sent again only when they are new.
     */
    @Override
    protected void refresh(LiveFeed.Snapshot s) {
        LiveFeed.Snapshot before = last;
        last = s;
        showPool(s.pool());
        if (before == null || !before.history().equals(s.history())) {
            showHistory(s.history());
        }
        if (before == null || !before.goal().equals(s.goal())) {
            showGoal(s.goal());
        }
        if (before == null || !before.shares().equals(s.shares())) {
            showShares(s.shares());
        }
    }

    private void showPool(PoolView p) {
        Formats f = formats();
        hashrate.setText(f.hashrate(p.hashrate().h10m()));
        devices.setText(f.number(p.devicesOnline()));
        accepted.setText(f.number(p.shares().accepted()));
        rejected.setText(f.number(p.shares().rejected()));
        blocks.setText(f.number(p.blocksFound()));
        height.setText(p.network().height() == null ? "—" : f.number(p.network().height()));
        difficulty.setText(p.network().difficulty() == null ? "—" : f.difficulty(p.network().difficulty()));
        Map<String, Long> byReason = new TreeMap<>(p.shares().rejectedByReason());
        if (byReason.equals(shownRejections)) {
            return;
        }
        shownRejections = byReason;
        rejections.removeAll();
        if (p.shares().rejected() == 0) {
            rejections.add(new Span(getTranslation("dashboard.noRejections")));
        }
        for (Map.Entry<String, Long> r : byReason.entrySet()) {
            if (r.getValue() > 0) {
                rejections.add(new Paragraph(getTranslation("rejection." + r.getKey()) + ": " + f.number(r.getValue())));
            }
        }
    }

    private void showShares(List<RecentShareView> recent) {
        setSvg(shares, ShareFeed.html(recent, formats(), getTranslation("common.device"), getTranslation("common.difficulty"),
                getTranslation("common.when"), getTranslation("dashboard.noShares")));
    }

    private void showHistory(HistoryView h) {
        Formats f = formats();
        List<SvgChart.Point> points = new ArrayList<>();
        for (HistoryView.Point p : h.points()) {
            points.add(new SvgChart.Point(f.hourMinute(p.at()), p.hashesPerSecond()));
        }
        setSvg(chart, SvgChart.area(getTranslation("dashboard.chart"), points, f::hashrate));
    }

    private void showGoal(FundingGoalView g) {
        Formats f = formats();
        goalBar.setValue(g.perMille());
        goalText.setText(getTranslation("dashboard.goalText", f.sats(g.projectFundMsat()), f.sats(g.rafflePotMsat()),
                f.sats(g.goalMsat()), f.euros(g.goalEur())));
        String need = g.hashrateForGoal() == 0 ? getTranslation("dashboard.goalReached")
                : g.hashrateForGoal() > 0 ? getTranslation("dashboard.goalHashrate", f.hashrate(g.hashrateForGoal()), f.number(g.bitaxesForGoal()))
                : "";
        goalEstimate.setText(getTranslation("dashboard.goalEstimate", f.sats(g.estimateMsat()), f.number(g.eurPerBtc())) + " " + need);
    }
}
