package club.micromining.web.view;

import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;

/**
 * A watcher link ({@code /watch/<token>}): shows the account it was made for, read-only, under the link's
 * own address, for as long as its owner has not revoked it.
 */
@Route(value = "watch", layout = MainLayout.class)
@PageTitle("MicroMining · Watch")
public class WatchPage extends Page implements HasUrlParameter<String> {
    private String token = "";

    @Override
    public void setParameter(BeforeEvent event, String parameter) {
        token = parameter == null ? "" : parameter;
    }

    @Override
    protected void render() {
        Paragraph status = new Paragraph(getTranslation("watch.opening"));
        status.setId("watch-status");
        add(heading("watch.title"), status);
        load(ctx().port().watchedAccount(token), account -> {
            if (account.isPresent()) {
                removeAll();
                AccountPage page = new AccountPage();
                page.open(account.get());
                page.draw();
                add(page);
            } else {
                status.setText(getTranslation("watch.gone"));
            }
        });
    }
}
