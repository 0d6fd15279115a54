package club.micromining.web.view;

import club.micromining.pool.view.HighScoresView;
import club.micromining.web.component.Formats;
import club.micromining.web.live.LiveFeed;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;

/** Best shares this month and ever, this month's contributions, devices online by model. */
@Route(value = "high-scores", layout = MainLayout.class)
@PageTitle("MicroMining · High scores")
public class HighScoresPage extends Page {
    private static final int REFRESH_EVERY = 10;

    private Grid<HighScoresView.BestShare> month;
    private Grid<HighScoresView.BestShare> ever;
    private Grid<HighScoresView.Contribution> contributions;
    private Grid<HighScoresView.ModelCount> models;
    private HighScoresView shown;

    @Override
    protected boolean live() {
        return true;
    }

    @Override
    protected void render() {
        add(heading("scores.title"));
        add(heading("scores.month"));
        month = best("scores-month");
        add(month);
        add(heading("scores.allTime"));
        ever = best("scores-all-time");
        add(ever);
        add(heading("scores.contributions"));
        contributions = grid();
        contributions.setId("contributions");
        contributions.addComponentColumn(c -> new RouterLink(c.account(), AccountPage.class, c.account()))
                .setHeader(getTranslation("common.account")).setFlexGrow(2);
        contributions.addColumn(c -> formats().number(c.shares())).setHeader(getTranslation("common.shares"));
        contributions.addColumn(c -> formats().difficulty(c.difficulty())).setHeader(getTranslation("common.work"));
        contributions.addColumn(c -> formats().percent(c.share())).setHeader(getTranslation("scores.part"));
        add(contributions);
        add(heading("scores.models"));
        models = grid();
        models.setId("models");
        models.addColumn(HighScoresView.ModelCount::model).setHeader(getTranslation("scores.model")).setFlexGrow(2);
        models.addColumn(m -> formats().number(m.devices())).setHeader(getTranslation("scores.devices"));
        add(models);
        shown = null;
        load(ctx().port().highScores(), this::show);
    }

    @Override
    protected void refresh(LiveFeed.Snapshot s) {
        if (s.tick() % REFRESH_EVERY == 0) {
            load(ctx().port().highScores(), this::show);
        }
    }

    private void show(HighScoresView h) {
        if (h.equals(shown)) {
            return;
        }
        shown = h;
        month.setItems(h.bestThisMonth());
        ever.setItems(h.bestAllTime());
        contributions.setItems(h.contributions());
        models.setItems(h.modelsOnline());
    }

    private Grid<HighScoresView.BestShare> best(String id) {
        Formats f = formats();
        Grid<HighScoresView.BestShare> g = grid();
        g.setId(id);
        g.addComponentColumn(b -> new RouterLink(b.account() + "." + b.worker(), AccountPage.class, b.account()))
                .setHeader(getTranslation("common.device")).setFlexGrow(2);
        g.addColumn(b -> f.difficulty(b.difficulty())).setHeader(getTranslation("common.difficulty"));
        g.addColumn(b -> f.dateTime(b.at())).setHeader(getTranslation("common.when")).setFlexGrow(2);
        return g;
    }

    private static <T> Grid<T> grid() {
        Grid<T> g = new Grid<>();
        g.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        g.setAllRowsVisible(true);
        return g;
    }
}
