package club.micromining.web.view;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.pool.view.AlertSettingsView;
import club.micromining.web.Translations;
import club.micromining.web.WebContext;
import club.micromining.web.WebServer;
import club.micromining.web.session.LoginCookie;
import club.micromining.web.WebSettings;
import club.micromining.web.live.LiveFeed;
import club.micromining.web.session.MemberSession;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinSession;
import java.time.Duration;
import java.util.HexFormat;
import org.bitcoinj.crypto.ECKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every page drawn from seeded views, in a browser-less Vaadin (Karibu). */
class PagesTest {
    private static final Routes ROUTES = new Routes().autoDiscoverViews("club.micromining.web");
    private SeededPort port;
    private SeededMonth month;
    private LiveFeed live;

    @BeforeAll
    static void translations() {
        // What AppServlet's init parameter says, for the mock servlet.
        System.setProperty("vaadin.i18n.provider", Translations.class.getName());
    }

    @BeforeEach
    void setUp() {
        port = new SeededPort();
        month = new SeededMonth();
        live = new LiveFeed(port, Duration.ofHours(1));
        WebServer.setContext(new WebContext(port, live, new WebSettings(true, 0, Duration.ofMinutes(30), Duration.ofHours(1), "auto", ""),
                "regtest", "https://pool.example", 3333, true, new SeededLedger(), "https://pool.example:8081", month,
                new LoginCookie(new byte[32], Duration.ofMinutes(30))));
        MockVaadin.setup(ROUTES);
        UI.getCurrent().setLocale(Translations.ENGLISH);
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
        live.close();
    }

    /** Karibu finds components by class: a grid's item type is not in it. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Grid<Object> grid(String id) {
        return _get(Grid.class, s -> s.withId(id));
    }

    /** The text of a component and everything in it. */
    private static String deep(String id) {
        return _get(com.vaadin.flow.component.Component.class, s -> s.withId(id)).getElement().getTextRecursively();
    }

    private static String text(String id) {
        return _get(Span.class, s -> s.withId(id)).getText();
    }

    @Test
    void theDashboardShowsThePoolFigures() {
        UI.getCurrent().navigate(DashboardPage.class);
        assertThat(text("devices-online")).isEqualTo("3");
        assertThat(text("shares-accepted")).isEqualTo("1,234");
        assertThat(text("pool-hashrate")).isEqualTo("1.10 TH/s");
        assertThat(_get(Div.class, s -> s.withId("pool-chart")).getElement().getProperty("innerHTML")).contains("<path", "TH/s");
        String feed = _get(Div.class, s -> s.withId("recent-shares")).getElement().getProperty("innerHTML");
        assertThat(feed).contains("href=\"accounts/alice\">alice.bitaxe</a>", "bob.nerdaxe", "4.10 k");
        assertThat(_get(Paragraph.class, s -> s.withId("goal")).getText()).contains("21,000 sats", "9,000 sats", "€500");
        assertThat(_get(Paragraph.class, s -> s.withText("Stale job: 5")).isVisible()).isTrue();
    }

    @Test
    void theLedgerExplorerShowsEntriesRootsTheSignedHeadAndHowToVerify() {
        UI.getCurrent().navigate(LedgerPage.class);
        assertThat(GridKt._size(grid("ledger-entries"))).isEqualTo(3);
        assertThat(GridKt._size(grid("ledger-roots"))).isEqualTo(1);
        assertThat(_get(com.vaadin.flow.component.html.Pre.class, s -> s.withId("ledger-checkpoint")).getText())
                .startsWith("test.example/ledger\n3\n");
        assertThat(_get(com.vaadin.flow.component.html.Pre.class, s -> s.withId("ledger-verify")).getText())
                .contains("verify-ledger https://pool.example:8081 --key " + SeededLedger.KEY);
    }

    @Test
    void aPayoutsLinkOpensItsEntryWithItsProofAndTheFilterNarrowsTheEntries() {
        UI.getCurrent().navigate(LedgerPage.class, com.vaadin.flow.router.QueryParameters.simple(java.util.Map.of("account", "alice",
                "payment", "aa")));
        assertThat(_get(com.vaadin.flow.component.html.Pre.class, s -> s.withId("ledger-proof")).getText()).contains("\"seq\":1");
        assertThat(GridKt._size(grid("ledger-entries"))).isEqualTo(2);
        UI.getCurrent().navigate(LedgerPage.class, com.vaadin.flow.router.QueryParameters.simple(java.util.Map.of("kind", "block")));
        assertThat(GridKt._size(grid("ledger-entries"))).isEqualTo(1);
    }

    @Test
    void pagesSpeakSpanishWhenAsked() {
        UI.getCurrent().navigate(DashboardPage.class);
        UI.getCurrent().setLocale(Translations.SPANISH);
        assertThat(_get(H2.class, s -> s.withText("El pool del club, en vivo")).isVisible()).isTrue();
        assertThat(text("shares-accepted")).isEqualTo("1.234");
    }

    @Test
    void highScoresListBestSharesContributionsAndModels() {
        UI.getCurrent().navigate(HighScoresPage.class);
        assertThat(GridKt._size(grid("scores-month"))).isEqualTo(1);
        assertThat(GridKt._size(grid("scores-all-time"))).isEqualTo(1);
        assertThat(GridKt._size(grid("contributions"))).isEqualTo(2);
        Grid<Object> models = grid("models");
        assertThat(GridKt._getFormattedRow(models, 0)).contains("bitaxe/BM1370", "2");
    }

    @Test
    void anAccountPageShowsDevicesBalanceAndPayouts() {
        UI.getCurrent().navigate("accounts/alice");
        assertThat(text("account-name")).isEqualTo("alice");
        assertThat(text("account-balance")).isEqualTo("5,000.5 sats");
        assertThat(GridKt._size(grid("account-devices"))).isEqualTo(1);
        Grid<Object> payouts = grid("account-payouts");
        assertThat(GridKt._getFormattedRow(payouts, 0)).contains("4,000 sats", "settled", "bb".repeat(32));
        assertThat(_get(Div.class, s -> s.withId("account-earnings")).getElement().getProperty("innerHTML")).contains("<rect");
        assertThat(_get(Paragraph.class, s -> s.withId("account-claim")).getText()).contains("Not claimed");

        UI.getCurrent().navigate("accounts/nobody");
        assertThat(_get(Paragraph.class, s -> s.withId("account-unknown")).getText()).contains("not mined");
    }

    @Test
    void theJobPageDecodesOutputs() {
        UI.getCurrent().navigate(JobPage.class);
        assertThat(text("job-height")).isEqualTo("880,000");
        assertThat(text("job-tag")).isEqualTo("/MicroMining/");
        Grid<Object> outputs = grid("job-outputs");
        assertThat(GridKt._size(outputs)).isEqualTo(2);
        assertThat(GridKt._getFormattedRow(outputs, 0)).contains("Pool payout", "325,000,000 sats");
        assertThat(GridKt._getFormattedRow(outputs, 1)).contains("Witness commitment");
    }

    @Test
    void blocksAndConnectPagesRender() {
        UI.getCurrent().navigate(BlocksPage.class);
        assertThat(GridKt._size(grid("blocks"))).isEqualTo(1);
        UI.getCurrent().navigate(ConnectPage.class);
        assertThat(_get(Code.class, s -> s.withId("stratum-url")).getText()).isEqualTo("stratum+tcp://pool.example:3333");
        assertThat(_get(Code.class, s -> s.withId("stratum-user")).getText()).isEqualTo("<account>.<worker>");
    }

    @Test
    void memberPagesSendAnAnonymousSessionToSignIn() {
        UI.getCurrent().navigate(MemberPage.class);
        _get(LoginPage.class);
        _assertNone(MemberPage.class);
        assertThat(_get(Div.class, s -> s.withId("login-qr")).getElement().getProperty("innerHTML")).startsWith("<svg");
    }

    @Test
    void theDemoWalletSignsInWithASignatureTheVerifierAccepts() {
        UI.getCurrent().navigate(LoginPage.class);
        _click(_get(Button.class, s -> s.withId("demo-wallet")));
        _get(MemberPage.class);
        String key = MemberSession.demoKey(VaadinSession.getCurrent()).getPublicKeyAsHex();
        assertThat(MemberSession.linkingKey()).contains(key);
        assertThat(_get(Paragraph.class, s -> s.withId("member-wallet")).getText()).contains(key.substring(0, 8));
    }

    @Test
    void settingsRejectABadLightningAddressAndSaveAGoodDestination() {
        port.owners.put("alice", SeededPort.ALICE_KEY);
        MemberSession.signIn(VaadinSession.getCurrent(), SeededPort.ALICE_KEY);
        UI.getCurrent().navigate(MemberPage.class);
        _setValue(_get(TextField.class, s -> s.withId("payout-destination-alice")), "not an address");
        _click(_get(Button.class, s -> s.withId("payout-save-alice")));
        assertThat(_get(Paragraph.class, s -> s.withId("payout-result-alice")).getText()).contains("Lightning Address");
        assertThat(port.saved).isEmpty();

        String node = HexFormat.of().formatHex(new ECKey().getPubKey());
        _setValue(_get(TextField.class, s -> s.withId("payout-destination-alice")), node);
        _setValue(_get(TextField.class, s -> s.withId("payout-threshold-alice")), "1.5");
        _click(_get(Button.class, s -> s.withId("payout-save-alice")));
        assertThat(_get(Paragraph.class, s -> s.withId("payout-result-alice")).getText()).contains("whole number");
        _setValue(_get(TextField.class, s -> s.withId("payout-threshold-alice")), "2,000");
        _click(_get(Button.class, s -> s.withId("payout-save-alice")));
        assertThat(_get(Paragraph.class, s -> s.withId("payout-result-alice")).getText()).contains("Saved", node, "2,000 sats");
        assertThat(port.saved).containsExactly("alice " + node);
    }

    @Test
    void aMemberGetsAClaimCodeAndAnotherWalletsAccountIsRefused() {
        port.owners.put("bob", "03" + "b2".repeat(32));
        MemberSession.signIn(VaadinSession.getCurrent(), SeededPort.ALICE_KEY);
        UI.getCurrent().navigate(MemberPage.class);
        _setValue(_get(TextField.class, s -> s.withId("claim-account")), "carol");
        _click(_get(Button.class, s -> s.withId("claim-button")));
        assertThat(_get(Code.class, s -> s.withId("claim-code")).getText()).isEqualTo("claim-ABCDEFGHJK");
        _setValue(_get(TextField.class, s -> s.withId("claim-account")), "bob");
        _click(_get(Button.class, s -> s.withId("claim-button")));
        assertThat(_get(Div.class, s -> s.withId("claim-result")).getElement().getTextRecursively()).contains("another wallet");
    }

    @Test
    void alertSettingsAreSavedOnlyWithAnHttpWebhookAndAlertsAreListed() {
        port.owners.put("alice", SeededPort.ALICE_KEY);
        MemberSession.signIn(VaadinSession.getCurrent(), SeededPort.ALICE_KEY);
        UI.getCurrent().navigate(MemberPage.class);
        assertThat(GridKt._size(grid("alerts-alice"))).isEqualTo(2);
        assertThat(GridKt._getFormattedRow(grid("alerts-alice"), 0)).contains("Device silent", "42 min silent");
        _setValue(_get(TextField.class, s -> s.withId("alert-minutes-alice")), "30");
        _setValue(_get(TextField.class, s -> s.withId("alert-webhook-alice")), "ftp://hooks.example/x");
        _click(_get(Button.class, s -> s.withId("alert-save-alice")));
        assertThat(_get(Paragraph.class, s -> s.withId("alert-result-alice")).getText()).contains("http");
        assertThat(port.alertSettings).isEmpty();
        _setValue(_get(TextField.class, s -> s.withId("alert-webhook-alice")), "https://hooks.example/alice");
        _setValue(_get(Checkbox.class, s -> s.withId("alert-best-alice")), true);
        _click(_get(Button.class, s -> s.withId("alert-save-alice")));
        assertThat(_get(Paragraph.class, s -> s.withId("alert-result-alice")).getText()).contains("saved");
        assertThat(port.alertSettings.get("alice")).isEqualTo(new AlertSettingsView(30, true, "https://hooks.example/alice"));
    }

    @Test
    void aWatcherLinkOpensTheAccountUntilItIsRevoked() {
        port.owners.put("alice", SeededPort.ALICE_KEY);
        MemberSession.signIn(VaadinSession.getCurrent(), SeededPort.ALICE_KEY);
        UI.getCurrent().navigate(MemberPage.class);
        _click(_get(Button.class, s -> s.withId("watcher-create-alice")));
        String href = _get(Anchor.class, s -> s.withText("https://pool.example/watch/" + "t".repeat(31) + "0")).getHref();
        String token = href.substring(href.lastIndexOf('/') + 1);
        MemberSession.signOut(UI.getCurrent());
        UI.getCurrent().navigate("watch/" + token);
        assertThat(text("account-name")).isEqualTo("alice");

        MemberSession.signIn(VaadinSession.getCurrent(), SeededPort.ALICE_KEY);
        UI.getCurrent().navigate(MemberPage.class);
        _click(_get(Button.class, s -> s.withId("watcher-revoke-alice")));
        UI.getCurrent().navigate("watch/" + token);
        assertThat(_get(Paragraph.class, s -> s.withId("watch-status")).getText()).contains("revoked");
    }

    @Test
    void theRafflePageShowsTicketsMyChanceAndHowToVerifyADraw() {
        port.owners.put("alice", SeededPort.ALICE_KEY);
        MemberSession.signIn(VaadinSession.getCurrent(), SeededPort.ALICE_KEY);
        UI.getCurrent().navigate(RafflePage.class);
        assertThat(text("raffle-pot")).isEqualTo("30 sats");
        assertThat(GridKt._size(grid("raffle-tickets"))).isEqualTo(2);
        assertThat(deep("raffle-mine")).contains("alice: 300 tickets", "75");
        assertThat(GridKt._size(grid("raffle-rounds"))).isEqualTo(2);
        _assertNone(Div.class, s -> s.withId("raffle-verify"));

        UI.getCurrent().navigate("raffle", com.vaadin.flow.router.QueryParameters.of("round", "2026-11"));
        String how = deep("raffle-verify");
        assertThat(how).contains("ab".repeat(32), "cd".repeat(32), "mmsp-raffle|2026-11|", "winner       alice", "iterations   1",
                "verify-ledger https://pool.example:8081/api/ledger/export");
    }

    @Test
    void projectsListWithTheirWindowAndAnAnonymousSessionCannotAct() {
        UI.getCurrent().navigate(ProjectsPage.class);
        assertThat(_get(Paragraph.class, s -> s.withId("projects-window")).getText()).contains("2026-12");
        assertThat(deep("projects-list")).contains("Solar panel", "Workshop", "funded and paid",
                "50,000 sats", "€45");
        _assertNone(Button.class, s -> s.withId("propose-button"));
        UI.getCurrent().navigate(ProjectPage.class, "p1");
        _assertNone(Button.class, s -> s.withId("vote-for"));
        _assertNone(Button.class, s -> s.withId("comment-button"));
        assertThat(month.actions).isEmpty();
    }

    @Test
    void aMemberProposesVotesCommentsAndTheDomainsRefusalIsShown() {
        port.owners.put("alice", SeededPort.ALICE_KEY);
        port.owners.put("carol", SeededPort.ALICE_KEY);
        MemberSession.signIn(VaadinSession.getCurrent(), SeededPort.ALICE_KEY);
        UI.getCurrent().navigate(ProjectsPage.class);
        _setValue(_get(com.vaadin.flow.component.select.Select.class, s -> s.withId("propose-account")), "alice");
        _setValue(_get(TextField.class, s -> s.withId("propose-title")), "Antenna");
        _setValue(_get(TextField.class, s -> s.withId("propose-amount")), "lots");
        _click(_get(Button.class, s -> s.withId("propose-button")));
        assertThat(month.actions).as("a wrong amount is not sent").isEmpty();
        _setValue(_get(TextField.class, s -> s.withId("propose-amount")), "21000");
        _click(_get(Button.class, s -> s.withId("propose-button")));
        assertThat(month.actions).containsExactly("propose alice Antenna 21000000");

        UI.getCurrent().navigate(ProjectPage.class, "p1");
        String description = _get(Paragraph.class, s -> s.withId("project-description")).getElement().getText();
        assertThat(description).as("plain text, escaped").contains("<b>Not bold</b>");
        assertThat(deep("project-votes")).contains("bob: for");
        _setValue(_get(com.vaadin.flow.component.select.Select.class, s -> s.withId("project-account")), "alice");
        _click(_get(Button.class, s -> s.withId("vote-for")));
        _setValue(_get(com.vaadin.flow.component.select.Select.class, s -> s.withId("project-account")), "carol");
        _click(_get(Button.class, s -> s.withId("vote-against")));
        assertThat(_get(Paragraph.class, s -> s.withId("project-refused")).getText()).contains("only accounts that mined");
        _setValue(_get(com.vaadin.flow.component.textfield.TextArea.class, s -> s.withId("comment-text")), "Count me in");
        _click(_get(Button.class, s -> s.withId("comment-button")));
        assertThat(month.actions).contains("vote alice p1 true", "vote carol p1 false", "comment p1 Count me in");
        // alice wrote it: she may still edit and withdraw it
        _click(_get(Button.class, s -> s.withId("withdraw-button")));
        assertThat(month.actions).contains("withdraw p1");
    }

    @Test
    void aPaidProjectShowsItsProofOfPayment() {
        UI.getCurrent().navigate(ProjectPage.class, "p2");
        assertThat(deep("project-proof")).contains("12".repeat(32), "34".repeat(32));
        assertThat(_get(Paragraph.class, s -> s.withId("project-tally")).getText()).contains("Place 1", "3 for", "1 against", "4 voters");
        UI.getCurrent().navigate(ProjectPage.class, "nope");
        assertThat(_get(Paragraph.class, s -> s.withText("There is no project nope.")).getText()).isNotEmpty();
    }
}
