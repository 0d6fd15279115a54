package club.micromining.web.view;

import club.micromining.web.session.MemberSession;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import java.net.URI;
import java.util.List;

/** How to point a BitAxe at this node: what to type into AxeOS, with the member's own account when signed in. */
@Route(value = "connect", layout = MainLayout.class)
@PageTitle("MicroMining · Connect")
public class ConnectPage extends Page {
    private Code user;

    @Override
    protected void render() {
        add(heading("connect.title"));
        String host = stratumHost();
        int port = ctx().stratumPort();
        add(new Paragraph(getTranslation("connect.intro")));
        Code url = new Code("stratum+tcp://" + host + ":" + port);
        url.setId("stratum-url");
        add(new Div(new Span(getTranslation("connect.url") + " "), url));
        user = new Code("<account>.<worker>");
        user.setId("stratum-user");
        UnorderedList axe = new UnorderedList(
                item(getTranslation("connect.axeUrl"), new Code(host)),
                item(getTranslation("connect.axePort"), new Code(Integer.toString(port))),
                item(getTranslation("connect.axeUser"), user),
                item(getTranslation("connect.axePassword"), new Code(getTranslation("connect.passwordValue"))));
        add(heading("connect.axeos"), axe);
        add(new Paragraph(getTranslation("connect.account")));
        add(new Paragraph(getTranslation("connect.claim")));
        if (MemberSession.linkingKey().isEmpty()) {
            add(new RouterLink(getTranslation("connect.login"), LoginPage.class));
        } else {
            load(ctx().port().accountsOf(MemberSession.linkingKey().get()), this::showOwn);
        }
    }

    private void showOwn(List<String> accounts) {
        if (!accounts.isEmpty()) {
            user.setText(accounts.get(0) + ".bitaxe");
        }
    }

    private static ListItem item(String label, Component value) {
        return new ListItem(new Span(label + ": "), value);
    }

    /** The configured Stratum host, else the public URL's host (never the Host this page was asked with). */
    private String stratumHost() {
        if (!ctx().settings().stratumHost().isEmpty()) {
            return ctx().settings().stratumHost();
        }
        String host = URI.create(ctx().publicUrl()).getHost();
        return host == null ? "localhost" : host;
    }
}
