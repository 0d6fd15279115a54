package club.micromining.web.view;

import club.micromining.web.Translations;
import club.micromining.web.session.MemberSession;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.i18n.LocaleChangeEvent;
import com.vaadin.flow.i18n.LocaleChangeObserver;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.theme.lumo.Lumo;
import java.util.List;
import java.util.Locale;

/** The frame of every page: the menu (a drawer on a phone), the language, the theme, signing in and out. */
public class MainLayout extends AppLayout implements LocaleChangeObserver, AfterNavigationObserver {
    private final SideNav nav = new SideNav();
    private final Select<Locale> language = new Select<>();
    private final Button theme = new Button();
    private final Button account = new Button();

    public MainLayout() {
        setPrimarySection(Section.NAVBAR);
        RouterLink home = new RouterLink("", DashboardPage.class);
        Span brand = new Span("MicroMining");
        brand.getStyle().set("font-weight", "700").set("font-size", "var(--lumo-font-size-l)").set("margin-left", "0.3em");
        Icon logo = VaadinIcon.HAMMER.create();
        logo.setColor("var(--lumo-primary-color)");
        home.add(logo, brand);
        home.getStyle().set("color", "inherit").set("text-decoration", "none");

        language.setItems(List.of(Translations.SPANISH, Translations.ENGLISH));
        language.setItemLabelGenerator(l -> l.getLanguage().equals("es") ? "Español" : "English");
        language.setWidth("8.5em");
        language.setId("language");
        language.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                VaadinSession.getCurrent().setLocale(e.getValue());
                UI.getCurrent().setLocale(e.getValue());
            }
        });
        theme.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        theme.setId("theme");
        theme.addClickListener(e -> {
            VaadinSession s = VaadinSession.getCurrent();
            MemberSession.setDark(s, !MemberSession.dark(s));
            applyTheme();
        });
        account.setId("account-button");
        account.addClickListener(e -> {
            if (MemberSession.linkingKey().isPresent()) {
                MemberSession.signOut(UI.getCurrent());
                UI.getCurrent().navigate(DashboardPage.class);
                labels();
            } else {
                UI.getCurrent().navigate(LoginPage.class);
            }
        });

        HorizontalLayout bar = new HorizontalLayout(new DrawerToggle(), home, new Div(), language, theme, account);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.CENTER);
        bar.expand(bar.getComponentAt(2));
        bar.getStyle().set("padding-right", "0.5em").set("flex-wrap", "wrap");
        addToNavbar(bar);
        addToDrawer(nav);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        applyTheme();
        VaadinSession s = event.getSession();
        event.getUI().getPage().retrieveExtendedClientDetails(d -> MemberSession.setZone(s, d.getTimeZoneId()));
    }

    @Override
    public void localeChange(LocaleChangeEvent event) {
        language.setValue(event.getLocale().getLanguage().equals("es") ? Translations.SPANISH : Translations.ENGLISH);
        nav.removeAll();
        nav.addItem(new SideNavItem(getTranslation("nav.dashboard"), DashboardPage.class, VaadinIcon.DASHBOARD.create()),
                new SideNavItem(getTranslation("nav.connect"), ConnectPage.class, VaadinIcon.PLUG.create()),
                new SideNavItem(getTranslation("nav.highScores"), HighScoresPage.class, VaadinIcon.TROPHY.create()),
                new SideNavItem(getTranslation("nav.raffle"), RafflePage.class, VaadinIcon.TICKET.create()),
                new SideNavItem(getTranslation("nav.projects"), ProjectsPage.class, VaadinIcon.LIGHTBULB.create()),
                new SideNavItem(getTranslation("nav.blocks"), BlocksPage.class, VaadinIcon.CUBES.create()),
                new SideNavItem(getTranslation("nav.job"), JobPage.class, VaadinIcon.CODE.create()),
                new SideNavItem(getTranslation("nav.ledger"), LedgerPage.class, VaadinIcon.BOOK.create()),
                new SideNavItem(getTranslation("nav.member"), MemberPage.class, VaadinIcon.USER.create()));
        labels();
    }

    /** Signing in and out happen by navigating: the button follows. */
    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        MemberSession.keepRemembered(UI.getCurrent());
        labels();
    }

    private void labels() {
        account.setText(getTranslation(MemberSession.linkingKey().isPresent() ? "nav.logout" : "nav.login"));
        theme.setText(getTranslation(MemberSession.dark(VaadinSession.getCurrent()) ? "nav.light" : "nav.dark"));
    }

    private void applyTheme() {
        UI ui = UI.getCurrent();
        boolean dark = MemberSession.dark(VaadinSession.getCurrent());
        ui.getElement().getThemeList().set(Lumo.DARK, dark);
        labels();
    }
}
