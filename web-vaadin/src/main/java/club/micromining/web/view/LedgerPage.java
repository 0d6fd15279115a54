package club.micromining.web.view;

import club.micromining.web.port.LedgerPort;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public ledger, to read and to check: entries (by account and kind), period roots, the latest signed
 * tree head, how to verify it all offline, and one entry with its inclusion proof
 * ({@code ledger?seq=N}, or {@code ledger?account=A&payment=H} from a payout).
 */
@Route(value = "ledger", layout = MainLayout.class)
@PageTitle("MicroMining · Ledger")
public class LedgerPage extends Page implements BeforeEnterObserver {
    private static final int PAGE = 100;
    private static final String ALL = "";

    private String account;
    private String kind;
    private Long seq;
    private String payment;
    private Grid<LedgerPort.Entry> entries;
    private final List<LedgerPort.Entry> shown = new ArrayList<>();
    private Button more;
    private Div focus;

    /** The explorer's address for a payout's entry and proof. */
    public static QueryParameters payout(String account, String paymentHash) {
        return QueryParameters.simple(Map.of("account", account, "payment", paymentHash));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        Map<String, List<String>> q = event.getLocation().getQueryParameters().getParameters();
        account = first(q, "account");
        kind = first(q, "kind");
        payment = first(q, "payment");
        String s = first(q, "seq");
        try {
            seq = s == null ? null : Long.parseLong(s);
        } catch (NumberFormatException e) {
            seq = null;
        }
        if (getComponentCount() > 0) {
            // The router keeps the page when only the query changes.
            draw();
        }
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).trim();
    }

    @Override
    protected void render() {
        LedgerPort ledger = ctx().ledger();
        add(heading("ledger.title"));
        add(new Paragraph(getTranslation("ledger.intro")));

        focus = new Div();
        focus.setId("ledger-focus");
        focus.setWidthFull();
        add(focus);
        if (seq != null) {
            showEntry(seq);
        } else if (payment != null && account != null) {
            load(ledger.payoutEntry(account, payment), found -> found.ifPresentOrElse(this::showEntry,
                    () -> focus.add(new Paragraph(getTranslation("ledger.notYet")))));
        }

        add(heading("ledger.entries"));
        TextField accountFilter = new TextField(getTranslation("common.account"));
        accountFilter.setValue(account == null ? "" : account);
        accountFilter.setClearButtonVisible(true);
        Select<String> kindFilter = new Select<>();
        kindFilter.setLabel(getTranslation("ledger.kind"));
        List<String> kinds = new ArrayList<>(List.of(ALL));
        kinds.addAll(ledger.kinds());
        kindFilter.setItems(kinds);
        kindFilter.setItemLabelGenerator(k -> k.isEmpty() ? getTranslation("ledger.allKinds") : k);
        kindFilter.setValue(kind == null ? ALL : kind);
        Button filter = new Button(getTranslation("ledger.filter"), e -> {
            account = accountFilter.getValue().isBlank() ? null : accountFilter.getValue().trim();
            kind = kindFilter.getValue() == null || kindFilter.getValue().isEmpty() ? null : kindFilter.getValue();
            shown.clear();
            loadEntries(0);
        });
        HorizontalLayout filters = new HorizontalLayout(accountFilter, kindFilter, filter);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.getStyle().set("flex-wrap", "wrap");
        add(filters);

        entries = new Grid<>();
        entries.setId("ledger-entries");
        entries.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        entries.setAllRowsVisible(true);
        entries.addColumn(LedgerPort.Entry::seq).setHeader("seq").setAutoWidth(true).setFlexGrow(0);
        entries.addColumn(LedgerPort.Entry::time).setHeader(getTranslation("common.when")).setAutoWidth(true).setFlexGrow(0);
        entries.addColumn(LedgerPort.Entry::kind).setHeader(getTranslation("ledger.kind")).setAutoWidth(true).setFlexGrow(0);
        entries.addColumn(e -> e.account() == null ? "—" : e.account()).setHeader(getTranslation("common.account"));
        entries.addColumn(LedgerPort.Entry::canonical).setHeader(getTranslation("ledger.entry")).setFlexGrow(4);
        entries.addItemClickListener(e -> {
            focus.removeAll();
            showEntry(e.getItem().seq());
        });
        add(entries);
        more = new Button(getTranslation("ledger.more"), e -> loadEntries(shown.isEmpty() ? 0 : shown.get(shown.size() - 1).seq() + 1));
        more.setVisible(false);
        add(more);
        shown.clear();
        loadEntries(0);

        add(heading("ledger.roots"));
        Grid<LedgerPort.Root> roots = new Grid<>();
        roots.setId("ledger-roots");
        roots.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        roots.setAllRowsVisible(true);
        roots.addColumn(LedgerPort.Root::index).setHeader("#").setAutoWidth(true).setFlexGrow(0);
        roots.addColumn(r -> r.periodStart() + " – " + r.periodEnd()).setHeader(getTranslation("ledger.period"));
        roots.addColumn(r -> r.firstSeq() + "…" + r.lastSeq()).setHeader(getTranslation("ledger.entries")).setAutoWidth(true);
        roots.addColumn(LedgerPort.Root::root).setHeader(getTranslation("ledger.root")).setFlexGrow(2);
        roots.addColumn(r -> r.treeSize() + " · " + r.treeRoot()).setHeader(getTranslation("ledger.treeHead")).setFlexGrow(2);
        add(roots);
        load(ledger.roots(24), roots::setItems);

        add(heading("ledger.checkpoint"));
        Pre checkpoint = new Pre();
        checkpoint.setId("ledger-checkpoint");
        checkpoint.getStyle().set("white-space", "pre-wrap").set("word-break", "break-all");
        add(checkpoint);
        load(ledger.checkpoint(), c -> checkpoint.setText(c.orElse(getTranslation("ledger.noCheckpoint"))));

        add(heading("ledger.verify"));
        String api = ctx().apiUrl().isEmpty() ? "http://<node>:8081" : ctx().apiUrl();
        add(new Paragraph(getTranslation("ledger.verifyText", ledger.origin())));
        Pre commands = new Pre("java -jar micromining-pool.jar verify-ledger " + api + " --key " + ledger.publicKeyHex() + " --balances\n"
                + "curl -s " + api + "/api/ledger/export > ledger.jsonl\n"
                + "java -jar micromining-pool.jar verify-ledger ledger.jsonl --key " + ledger.publicKeyHex());
        commands.setId("ledger-verify");
        commands.getStyle().set("white-space", "pre-wrap").set("word-break", "break-all");
        add(commands);
    }

    private void loadEntries(long from) {
        load(ctx().ledger().entries(from, PAGE, account, kind), page -> {
            shown.addAll(page);
            entries.setItems(new ArrayList<>(shown));
            more.setVisible(page.size() == PAGE);
        });
    }

    private void showEntry(long n) {
        focus.add(new com.vaadin.flow.component.html.H3(getTranslation("ledger.entryN", n)));
        load(ctx().ledger().proof(n), (Optional<String> proof) -> {
            Pre p = new Pre(proof.orElse(getTranslation("ledger.notYet")));
            p.setId("ledger-proof");
            p.getStyle().set("white-space", "pre-wrap").set("word-break", "break-all");
            focus.add(new Paragraph(getTranslation("ledger.proofText")), p);
        });
    }
}
