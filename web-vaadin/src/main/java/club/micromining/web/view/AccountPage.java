package club.micromining.web.view;

import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.DayCreditView;
import club.micromining.pool.view.DeviceView;
import club.micromining.pool.view.HistoryView;
import club.micromining.pool.view.PayoutView;
import club.micromining.web.component.Formats;
import club.micromining.web.component.SvgChart;
import club.micromining.web.live.LiveFeed;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An account, in public like the ledger: its devices, their last day, its earnings, balance and payouts. */
@Route(value = "accounts", layout = MainLayout.class)
public class AccountPage extends Page implements HasUrlParameter<String>, HasDynamicTitle {
    private static final int REFRESH_EVERY = 5;
    static final int EARNING_DAYS = 30;

    private String account = "";
    private Div summary;
    private Grid<DeviceView> devices;
    private Div charts;
    private Div earnings;
    private Grid<PayoutView> payouts;
    /** What is shown, so a refresh that brings nothing new sends nothing to the browser. */
    private Object shownAccount;
    private Object shownCharts;
    private Object shownEarnings;

    @Override
    public void setParameter(BeforeEvent event, String parameter) {
        open(parameter == null ? "" : parameter);
    }

    /** Shows this account; drawn again when the page already shows another (the router keeps the page). */
    void open(String name) {
        boolean drawn = getComponentCount() > 0;
        account = name;
        if (drawn) {
            draw();
        }
    }

    @Override
    public String getPageTitle() {
        return "MicroMining · " + account;
    }

    @Override
    protected boolean live() {
        return true;
    }

    @Override
    protected void render() {
        add(heading("account.title"));
        Span name = new Span(account);
        name.setId("account-name");
        name.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("font-family", "monospace");
        add(name);
        summary = new Div();
        summary.setWidthFull();
        add(summary);
        add(heading("account.devices"));
        Formats f = formats();
        devices = new Grid<>();
        devices.setId("account-devices");
        devices.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        devices.setAllRowsVisible(true);
        devices.addColumn(DeviceView::worker).setHeader(getTranslation("account.worker")).setFlexGrow(2);
        devices.addColumn(d -> getTranslation(d.online() ? "account.online" : "account.offline")).setHeader(getTranslation("account.status"));
        devices.addColumn(d -> f.hashrate(d.hashrate().h10m())).setHeader(getTranslation("dashboard.hashrate"));
        devices.addColumn(d -> f.number(d.shares())).setHeader(getTranslation("common.shares"));
        devices.addColumn(d -> f.difficulty(d.bestDifficulty())).setHeader(getTranslation("account.best"));
        devices.addColumn(d -> f.dateTime(d.lastShareAt())).setHeader(getTranslation("account.lastShare")).setFlexGrow(2);
        add(devices);
        charts = new Div();
        charts.setWidthFull();
        add(charts);
        add(heading("account.earnings"));
        earnings = svg(SvgChart.bars("", List.of(), v -> ""));
        earnings.setId("account-earnings");
        add(earnings);
        add(heading("account.payouts"));
        payouts = new Grid<>();
        payouts.setId("account-payouts");
        payouts.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        payouts.setAllRowsVisible(true);
        payouts.addColumn(p -> f.sats(p.amountMsat())).setHeader(getTranslation("account.amount"));
        payouts.addColumn(p -> getTranslation("payout." + p.status())).setHeader(getTranslation("account.status"));
        payouts.addColumn(p -> f.dateTime(p.requestedAt())).setHeader(getTranslation("common.when"));
        payouts.addColumn(PayoutView::paymentHash).setHeader(getTranslation("account.paymentHash")).setFlexGrow(3);
        payouts.addColumn(p -> p.preimage() == null ? "—" : p.preimage()).setHeader(getTranslation("account.preimage")).setFlexGrow(3);
        payouts.addComponentColumn(p -> {
            RouterLink link = new RouterLink(getTranslation("account.ledger"), LedgerPage.class);
            link.setQueryParameters(LedgerPage.payout(account, p.paymentHash()));
            return link;
        }).setHeader(getTranslation("account.ledger")).setAutoWidth(true).setFlexGrow(0);
        add(payouts);
        shownAccount = null;
        shownCharts = null;
        shownEarnings = null;
        reload();
    }

    @Override
    protected void refresh(LiveFeed.Snapshot s) {
        if (s.tick() % REFRESH_EVERY == 0) {
            reload();
        }
    }

    private void reload() {
        load(ctx().port().account(account), this::show);
        load(ctx().port().accountHistory(account), this::showCharts);
        load(ctx().port().accountEarnings(account, EARNING_DAYS), this::showEarnings);
    }

    private void show(Optional<AccountView> found) {
        if (found.equals(shownAccount)) {
            return;
        }
        shownAccount = found;
        summary.removeAll();
        if (found.isEmpty()) {
            Paragraph none = new Paragraph(getTranslation("account.unknown"));
            none.setId("account-unknown");
            summary.add(none);
            devices.setItems(List.of());
            payouts.setItems(List.of());
            return;
        }
        AccountView a = found.get();
        Formats f = formats();
        Span balance = new Span(f.sats(a.balanceMsat()));
        balance.setId("account-balance");
        summary.add(tiles(tile(getTranslation("account.balance"), balance),
                tile(getTranslation("account.reserved"), new Span(f.sats(a.reservedMsat()))),
                tile(getTranslation("account.paid"), new Span(f.sats(a.paidMsat()))),
                tile(getTranslation("account.fees"), new Span(f.sats(a.feesMsat()))),
                tile(getTranslation("account.credited"), new Span(f.sats(a.creditedMsat())))));
        Paragraph claim = new Paragraph(getTranslation(a.claimed() ? "account.claimed" : "account.unclaimed"));
        claim.setId("account-claim");
        summary.add(claim);
        if (a.payoutDestination() != null) {
            summary.add(new Paragraph(getTranslation("account.destination", a.payoutDestination())));
        }
        devices.setItems(a.devices());
        payouts.setItems(a.payouts());
    }

    private void showCharts(Map<String, HistoryView> byWorker) {
        if (byWorker.equals(shownCharts)) {
            return;
        }
        shownCharts = byWorker;
        charts.removeAll();
        Formats f = formats();
        byWorker.forEach((worker, history) -> {
            List<SvgChart.Point> points = new ArrayList<>();
            for (HistoryView.Point p : history.points()) {
                points.add(new SvgChart.Point(f.hourMinute(p.at()), p.hashesPerSecond()));
            }
            charts.add(new H3(getTranslation("account.deviceChart", worker)));
            charts.add(svg(SvgChart.area(worker, points, f::hashrate)));
        });
    }

    private void showEarnings(List<DayCreditView> days) {
        if (days.equals(shownEarnings)) {
            return;
        }
        shownEarnings = days;
        Formats f = formats();
        List<SvgChart.Point> points = new ArrayList<>();
        for (DayCreditView d : days) {
            points.add(new SvgChart.Point(f.date(d.day()), d.msat()));
        }
        setSvg(earnings, SvgChart.bars(getTranslation("account.earnings"), points, v -> f.sats(Math.round(v))));
    }
}
