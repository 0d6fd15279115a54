package club.micromining.web.view;

import club.micromining.pool.facade.AlertSettingsResult;
import club.micromining.pool.facade.ClaimResult;
import club.micromining.pool.facade.PayoutSettingsResult;
import club.micromining.pool.facade.WatcherLinkResult;
import club.micromining.pool.view.AccountView;
import club.micromining.pool.view.AlertView;
import club.micromining.pool.view.DayCreditView;
import club.micromining.pool.view.PayoutView;
import club.micromining.web.component.Formats;
import club.micromining.web.component.SvgChart;
import club.micromining.web.live.LiveFeed;
import club.micromining.web.session.MemberSession;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A signed-in member's pages: the accounts the wallet claimed with their earnings, balances and payouts,
 * each account's payout settings, alerts and watcher link, and a claim code for a new one. An anonymous session is sent to sign in
 * first; every change goes to the domain with the wallet's key, which checks it again.
 */
@Route(value = "me", layout = MainLayout.class)
@PageTitle("MicroMining · My accounts")
public class MemberPage extends Page implements BeforeEnterObserver {
    private static final int REFRESH_EVERY = 5;

    private Div accounts;
    private List<String> shown = List.of();

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (MemberSession.linkingKey().isEmpty()) {
            event.forwardTo(LoginPage.class);
        }
    }

    @Override
    protected boolean live() {
        return true;
    }

    private String key() {
        return MemberSession.linkingKey().orElseThrow(() -> new IllegalStateException("not signed in"));
    }

    @Override
    protected void render() {
        if (MemberSession.linkingKey().isEmpty()) {
            return;
        }
        add(heading("member.title"));
        Paragraph wallet = new Paragraph(getTranslation("member.wallet", shortKey(key())));
        wallet.setId("member-wallet");
        add(wallet);
        add(claimForm());
        add(heading("member.accounts"));
        accounts = new Div();
        accounts.setId("member-accounts");
        accounts.setWidthFull();
        add(accounts);
        shown = List.of();
        load(ctx().port().accountsOf(key()), this::showAccounts);
    }

    @Override
    protected void refresh(LiveFeed.Snapshot s) {
        if (s.tick() % REFRESH_EVERY == 0 && MemberSession.linkingKey().isPresent()) {
            load(ctx().port().accountsOf(key()), list -> {
                if (!list.equals(shown)) {
                    showAccounts(list);
                }
            });
        }
    }

    private Div claimForm() {
        Div box = new Div();
        box.setWidthFull();
        box.add(new H3(getTranslation("member.claimTitle")), new Paragraph(getTranslation("member.claimIntro")));
        TextField name = new TextField(getTranslation("common.account"));
        name.setId("claim-account");
        name.setPlaceholder("alice");
        Div result = new Div();
        result.setId("claim-result");
        Button ask = new Button(getTranslation("member.claimButton"), e -> load(ctx().port().claimCode(key(), name.getValue().trim()),
                r -> showClaim(result, r)));
        ask.setId("claim-button");
        ask.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout row = new HorizontalLayout(name, ask);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.getStyle().set("flex-wrap", "wrap");
        box.add(row, result);
        return box;
    }

    private void showClaim(Div result, ClaimResult r) {
        result.removeAll();
        if (r instanceof ClaimResult.Issued issued) {
            Code code = new Code(issued.code());
            code.setId("claim-code");
            code.getStyle().set("font-size", "var(--lumo-font-size-xl)");
            result.add(new Paragraph(getTranslation("member.claimCode", issued.account())), code,
                    new Paragraph(getTranslation("member.claimHow", issued.account(),
                            formats().dateTime(Instant.ofEpochMilli(issued.expiresAtMillis())))));
        } else if (r instanceof ClaimResult.Refused refused) {
            Paragraph p = new Paragraph(refused.reason());
            p.getStyle().set("color", "var(--lumo-error-text-color)");
            result.add(p);
        }
    }

    private void showAccounts(List<String> names) {
        shown = List.copyOf(names);
        accounts.removeAll();
        if (names.isEmpty()) {
            accounts.add(new Paragraph(getTranslation("member.none")));
            return;
        }
        for (String name : names) {
            Div box = new Div();
            box.setWidthFull();
            box.addClassName("member-account");
            accounts.add(box);
            load(ctx().port().account(name), a -> showAccount(box, name, a));
        }
    }

    private void showAccount(Div box, String name, Optional<AccountView> found) {
        Formats f = formats();
        box.removeAll();
        box.add(new H3(new RouterLink(name, AccountPage.class, name)));
        AccountView a = found.orElse(null);
        if (a != null) {
            box.add(tiles(tile(getTranslation("account.balance"), new Span(f.sats(a.balanceMsat()))),
                    tile(getTranslation("account.reserved"), new Span(f.sats(a.reservedMsat()))),
                    tile(getTranslation("account.paid"), new Span(f.sats(a.paidMsat()))),
                    tile(getTranslation("account.fees"), new Span(f.sats(a.feesMsat())))));
        }
        Div chart = svg(SvgChart.bars("", List.of(), v -> ""));
        box.add(new Paragraph(getTranslation("member.earnings")), chart);
        load(ctx().port().accountEarnings(name, AccountPage.EARNING_DAYS), days -> {
            List<SvgChart.Point> points = new ArrayList<>();
            for (DayCreditView d : days) {
                points.add(new SvgChart.Point(f.date(d.day()), d.msat()));
            }
            setSvg(chart, SvgChart.bars(getTranslation("member.earnings"), points, v -> f.sats(Math.round(v))));
        });
        box.add(settingsForm(name, a));
        box.add(alertsSection(name));
        box.add(watcherSection(name));
        if (a != null && !a.payouts().isEmpty()) {
            Grid<PayoutView> payouts = new Grid<>();
            payouts.addThemeVariants(GridVariant.LUMO_COMPACT);
            payouts.setAllRowsVisible(true);
            payouts.addColumn(p -> f.sats(p.amountMsat())).setHeader(getTranslation("account.amount"));
            payouts.addColumn(p -> getTranslation("payout." + p.status())).setHeader(getTranslation("account.status"));
            payouts.addColumn(p -> f.dateTime(p.requestedAt())).setHeader(getTranslation("common.when"));
            payouts.addColumn(p -> p.feeMsat() == null ? "—" : f.sats(p.feeMsat())).setHeader(getTranslation("account.fees"));
            payouts.setItems(a.payouts());
            box.add(new Details(getTranslation("account.payouts"), payouts));
        }
    }

    private Div settingsForm(String name, AccountView a) {
        Div form = new Div();
        form.add(new H3(getTranslation("member.settings")));
        TextField destination = new TextField(getTranslation("member.destination"));
        destination.setId("payout-destination-" + name);
        destination.setHelperText(getTranslation("member.destinationHelp"));
        destination.setWidthFull();
        if (a != null && a.payoutDestination() != null) {
            destination.setValue(a.payoutDestination());
        }
        TextField threshold = new TextField(getTranslation("member.threshold"));
        threshold.setId("payout-threshold-" + name);
        threshold.setHelperText(getTranslation("member.thresholdHelp"));
        Paragraph result = new Paragraph();
        result.setId("payout-result-" + name);
        Button save = new Button(getTranslation("member.save"), e -> save(name, destination.getValue(), threshold.getValue(), result));
        save.setId("payout-save-" + name);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        form.add(destination, threshold, save, result);
        return form;
    }

    private Div alertsSection(String name) {
        Div section = new Div();
        section.add(new H3(getTranslation("member.alerts")));
        TextField minutes = new TextField(getTranslation("member.silentMinutes"));
        minutes.setId("alert-minutes-" + name);
        minutes.setHelperText(getTranslation("member.silentHelp"));
        Checkbox best = new Checkbox(getTranslation("member.bestShare"));
        best.setId("alert-best-" + name);
        TextField webhook = new TextField(getTranslation("member.webhook"));
        webhook.setId("alert-webhook-" + name);
        webhook.setHelperText(getTranslation("member.webhookHelp"));
        webhook.setWidthFull();
        Paragraph result = new Paragraph();
        result.setId("alert-result-" + name);
        Button save = new Button(getTranslation("member.save"), e -> saveAlerts(name, minutes.getValue(), best.getValue(),
                webhook.getValue(), result));
        save.setId("alert-save-" + name);
        Grid<AlertView> alerts = new Grid<>();
        alerts.setId("alerts-" + name);
        alerts.addThemeVariants(GridVariant.LUMO_COMPACT);
        alerts.setAllRowsVisible(true);
        alerts.addColumn(a -> getTranslation("alert." + a.kind())).setHeader(getTranslation("member.alert"));
        alerts.addColumn(AlertView::worker).setHeader(getTranslation("account.worker"));
        alerts.addColumn(a -> a.kind().equals("NEW_BEST_SHARE") ? formats().difficulty(a.value())
                : getTranslation("member.minutes", formats().number((long) a.value()))).setHeader(getTranslation("member.detail"));
        alerts.addColumn(a -> formats().dateTime(a.at())).setHeader(getTranslation("common.when"));
        section.add(minutes, best, webhook, save, result, alerts);
        load(ctx().port().alertSettings(name), current -> {
            minutes.setValue(Integer.toString(current.silentMinutes()));
            best.setValue(current.bestShare());
            webhook.setValue(current.webhookUrl() == null ? "" : current.webhookUrl());
        });
        load(ctx().port().alerts(name), alerts::setItems);
        return section;
    }

    private void saveAlerts(String account, String minutesText, boolean best, String webhook, Paragraph result) {
        int minutes;
        try {
            minutes = minutesText.isBlank() ? 0 : Integer.parseInt(minutesText.trim());
        } catch (NumberFormatException e) {
            bad(result, getTranslation("member.silentInvalid"));
            return;
        }
        load(ctx().port().setAlertSettings(key(), account, minutes, best, webhook), r -> {
            if (r instanceof AlertSettingsResult.Saved) {
                good(result, getTranslation("member.alertsSaved"));
            } else if (r instanceof AlertSettingsResult.Refused refused) {
                bad(result, refused.reason());
            }
        });
    }

    private Div watcherSection(String name) {
        Div section = new Div();
        section.add(new H3(getTranslation("member.watcher")), new Paragraph(getTranslation("member.watcherIntro")));
        Div link = new Div();
        link.setId("watcher-link-" + name);
        Button create = new Button(getTranslation("member.watcherCreate"), e -> load(ctx().port().watcherLink(key(), name), r -> {
            link.removeAll();
            if (r instanceof WatcherLinkResult.Issued issued) {
                String url = baseUrl() + "/watch/" + issued.token();
                link.add(new Anchor(url, url));
            } else if (r instanceof WatcherLinkResult.Refused refused) {
                link.add(new Paragraph(refused.reason()));
            }
        }));
        create.setId("watcher-create-" + name);
        Button revoke = new Button(getTranslation("member.watcherRevoke"), e -> load(ctx().port().revokeWatcherLink(key(), name), v -> {
            link.removeAll();
            link.add(new Paragraph(getTranslation("member.watcherRevoked")));
        }));
        revoke.setId("watcher-revoke-" + name);
        revoke.addThemeVariants(ButtonVariant.LUMO_ERROR);
        HorizontalLayout buttons = new HorizontalLayout(create, revoke);
        buttons.getStyle().set("flex-wrap", "wrap");
        section.add(buttons, link);
        return section;
    }

    /** The node's public URL (never the Host this page was asked with). */
    private String baseUrl() {
        String base = ctx().publicUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static void good(Paragraph result, String message) {
        result.getStyle().set("color", "var(--lumo-success-text-color)");
        result.setText(message);
    }

    private void save(String account, String destination, String thresholdSats, Paragraph result) {
        OptionalLong threshold = OptionalLong.empty();
        String grouping = String.valueOf(DecimalFormatSymbols.getInstance(getLocale()).getGroupingSeparator());
        String t = thresholdSats.replace(grouping, "").replace(" ", "").replace("\u00a0", "").trim();
        if (!t.isEmpty()) {
            try {
                threshold = OptionalLong.of(Math.multiplyExact(Long.parseLong(t), 1000L));
            } catch (NumberFormatException | ArithmeticException e) {
                // Whole sats only: a decimal point or anything else is refused here, not guessed at.
                bad(result, getTranslation("member.thresholdInvalid"));
                return;
            }
        }
        load(ctx().port().setPayoutSettings(key(), account, destination, threshold), r -> {
            if (r instanceof PayoutSettingsResult.Saved saved) {
                good(result, getTranslation("member.saved", saved.destination(), formats().sats(saved.thresholdMsat())));
            } else if (r instanceof PayoutSettingsResult.Refused refused) {
                bad(result, refused.reason());
            }
        });
    }

    private static void bad(Paragraph result, String message) {
        result.getStyle().set("color", "var(--lumo-error-text-color)");
        result.setText(message);
    }

    static String shortKey(String key) {
        return key.length() <= 16 ? key : key.substring(0, 8) + "…" + key.substring(key.length() - 8);
    }
}
