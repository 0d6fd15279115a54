package club.micromining.web.view;

import club.micromining.pool.view.RoundView;
import club.micromining.web.component.Formats;
import club.micromining.web.session.MemberSession;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.router.QueryParameters;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raffle: the round under way (its pot and everyone's tickets, mine and my chance), and the past draws
 * with the numbers that let anyone recompute the winner from the ledger. {@code ?round=} shows one round.
 */
@Route(value = "raffle", layout = MainLayout.class)
@PageTitle("MicroMining · Raffle")
public class RafflePage extends Page implements BeforeEnterObserver {
    private String round;

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        round = event.getLocation().getQueryParameters().getSingleParameter("round").orElse(null);
        if (isAttached()) {
            draw();
        }
    }

    @Override
    protected void render() {
        add(heading("raffle.title"));
        add(new Paragraph(getTranslation("raffle.intro")));
        String id = round == null ? ctx().month().currentRound() : round;
        Div shown = new Div();
        shown.setId("raffle-round");
        shown.setWidthFull();
        add(shown);
        load(ctx().month().round(id), r -> {
            if (r.isEmpty()) {
                shown.add(new Paragraph(getTranslation("raffle.noRound", id)));
            } else {
                showRound(shown, r.get());
            }
        });
        add(heading("raffle.past"));
        Grid<RoundView> past = new Grid<>();
        past.setId("raffle-rounds");
        past.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        past.setAllRowsVisible(true);
        Formats f = formats();
        past.addComponentColumn(r -> {
            RouterLink link = new RouterLink(r.id(), RafflePage.class);
            link.setQueryParameters(new QueryParameters(Map.of("round", List.of(r.id()))));
            return link;
        }).setHeader(getTranslation("raffle.round"));
        past.addColumn(r -> getTranslation("raffle.status." + r.status())).setHeader(getTranslation("raffle.statusHeader"));
        past.addColumn(r -> f.sats(r.rafflePotMsat())).setHeader(getTranslation("raffle.pot"));
        past.addColumn(r -> r.draw() == null ? "—" : r.draw().winner()).setHeader(getTranslation("raffle.winner"));
        past.addColumn(r -> r.draw() == null ? "—" : f.sats(r.draw().prizeMsat()) + " · " + getTranslation("raffle.prize." + r.draw().prize()))
                .setHeader(getTranslation("raffle.prizeHeader")).setFlexGrow(2);
        add(past);
        load(ctx().month().rounds(), past::setItems);
    }

    private void showRound(Div box, RoundView r) {
        Formats f = formats();
        box.add(new H3(getTranslation("raffle.roundTitle", r.id())));
        Span pot = new Span(f.sats(r.rafflePotMsat()));
        pot.setId("raffle-pot");
        box.add(tiles(tile(getTranslation("raffle.statusHeader"), new Span(getTranslation("raffle.status." + r.status()))),
                tile(getTranslation("raffle.pot"), pot),
                tile(getTranslation("raffle.accounts"), new Span(f.number(r.tickets().size()))),
                tile(getTranslation("raffle.ends"), new Span(f.dateTime(Instant.ofEpochMilli(r.endMillis()))))));
        BigInteger total = new BigInteger(r.totalTickets());
        MemberSession.linkingKey().ifPresent(key -> load(ctx().port().accountsOf(key), mine -> showMine(box, r, Set.copyOf(mine), total)));
        Grid<RoundView.Ticket> tickets = new Grid<>();
        tickets.setId("raffle-tickets");
        tickets.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        tickets.setAllRowsVisible(true);
        tickets.addColumn(RoundView.Ticket::account).setHeader(getTranslation("common.account")).setFlexGrow(2);
        tickets.addColumn(t -> t.tickets()).setHeader(getTranslation("raffle.tickets")).setFlexGrow(2);
        tickets.addColumn(t -> f.percent(chance(new BigInteger(t.tickets()), total))).setHeader(getTranslation("raffle.chance"));
        tickets.setItems(r.tickets());
        box.add(tickets);
        if (r.commitment() != null) {
            box.add(verify(r));
        }
    }

    private void showMine(Div box, RoundView r, Set<String> mine, BigInteger total) {
        Formats f = formats();
        Div own = new Div();
        own.setId("raffle-mine");
        for (RoundView.Ticket t : r.tickets()) {
            if (mine.contains(t.account())) {
                own.add(new Paragraph(getTranslation("raffle.mine", t.account(), t.tickets(), f.percent(chance(new BigInteger(t.tickets()), total)))));
            }
        }
        if (own.getComponentCount() == 0 && !mine.isEmpty()) {
            own.add(new Paragraph(getTranslation("raffle.noneMine")));
        }
        box.addComponentAtIndex(2, own);
    }

    static double chance(BigInteger tickets, BigInteger total) {
        if (total.signum() == 0) {
            return 0;
        }
        return new BigDecimal(tickets).divide(new BigDecimal(total), MathContext.DECIMAL64).doubleValue();
    }

    /** The numbers to recompute the draw with, and how. */
    private Div verify(RoundView r) {
        Div d = new Div();
        d.setId("raffle-verify");
        d.add(new H3(getTranslation("raffle.howTitle")));
        d.add(new Paragraph(getTranslation("raffle.how1", r.commitment().ticketRoot().substring(0, 16) + "…",
                Long.toString(r.commitment().tipHeight()), Long.toString(r.commitment().targetHeight()))));
        StringBuilder numbers = new StringBuilder();
        numbers.append("round        ").append(r.id()).append('\n')
                .append("ticketRoot   ").append(r.commitment().ticketRoot()).append('\n')
                .append("W            ").append(r.totalTickets()).append('\n')
                .append("height H     ").append(r.commitment().targetHeight()).append('\n');
        if (r.draw() != null) {
            numbers.append("blockHash(H) ").append(r.draw().blockHash()).append('\n')
                    .append("s0           SHA-256(\"mmsp-raffle|").append(r.id()).append('|').append(r.draw().blockHash()).append('|')
                    .append(r.commitment().ticketRoot()).append("\")\n")
                    .append("iterations   ").append(r.draw().iterations()).append('\n')
                    .append("seed         ").append(r.draw().seed()).append('\n')
                    .append("winner       ").append(r.draw().winner()).append('\n');
        }
        d.add(new Pre(numbers.toString()));
        d.add(new Paragraph(getTranslation("raffle.how2")));
        String api = ctx().apiUrl().isEmpty() ? "http://<node>:<api port>" : ctx().apiUrl();
        d.add(new Code("java -jar micromining-pool.jar verify-ledger " + api + "/api/ledger/export"));
        return d;
    }
}
