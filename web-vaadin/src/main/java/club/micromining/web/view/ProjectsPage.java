package club.micromining.web.view;

import club.micromining.pool.facade.ProjectResult;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.pool.projects.Voting;
import club.micromining.pool.view.ProjectView;
import club.micromining.web.component.Formats;
import club.micromining.web.session.MemberSession;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The club's projects: this round's proposals with their votes, when voting opens and closes, earlier rounds'
 * results, and, for a signed-in member with a claimed account, the form to propose one.
 */
@Route(value = "projects", layout = MainLayout.class)
@PageTitle("MicroMining · Projects")
public class ProjectsPage extends Page {

    @Override
    protected void render() {
        Formats f = formats();
        String round = ctx().month().currentRound();
        Voting.Window w = ctx().month().window(round);
        add(heading("projects.title"));
        add(new Paragraph(getTranslation("projects.intro")));
        Paragraph window = new Paragraph(getTranslation("projects.window", round, f.dateTime(Instant.ofEpochMilli(w.startMillis())),
                f.dateTime(Instant.ofEpochMilli(w.endMillis()))));
        window.setId("projects-window");
        add(window);
        Div list = new Div();
        list.setId("projects-list");
        list.setWidthFull();
        add(list);
        load(ctx().month().projects(null), all -> {
            if (all.isEmpty()) {
                list.add(new Paragraph(getTranslation("projects.none")));
            }
            for (ProjectView p : all) {
                list.add(card(p, f));
            }
        });
        if (MemberSession.linkingKey().isPresent()) {
            add(proposeForm(MemberSession.linkingKey().get()));
        } else {
            add(new Paragraph(getTranslation("projects.signIn")));
        }
    }

    private Div card(ProjectView p, Formats f) {
        Div d = new Div();
        d.addClassName("mm-project");
        d.getStyle().set("padding", "0.5em 1em").set("margin", "0.4em 0").set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", "var(--lumo-contrast-5pct)");
        RouterLink title = new RouterLink(p.title(), ProjectPage.class, p.id());
        title.getStyle().set("font-weight", "600");
        Span status = new Span(getTranslation("project.status." + p.status()));
        status.getElement().getThemeList().add("badge");
        status.getStyle().set("margin-left", "0.6em");
        d.add(title, status);
        d.add(new Paragraph(getTranslation("projects.line", p.round(), p.author(), amount(f, p.amountMsat()),
                p.rank() > 0 ? getTranslation("project.tally", p.votesFor(), p.votesAgainst(), p.voters()) : "")));
        return d;
    }

    String amount(Formats f, long msat) {
        return ProjectPage.amount(f, msat, ctx().month().eurPerBtc());
    }

    private Div proposeForm(String key) {
        Div box = new Div();
        box.setWidthFull();
        box.add(new H3(getTranslation("projects.propose")));
        Select<String> account = new Select<>();
        account.setLabel(getTranslation("common.account"));
        account.setId("propose-account");
        TextField title = new TextField(getTranslation("project.titleField"));
        title.setId("propose-title");
        title.setMaxLength(ProjectEntity.MAX_TITLE);
        title.setWidthFull();
        TextArea description = new TextArea(getTranslation("project.description"));
        description.setId("propose-description");
        description.setMaxLength(ProjectEntity.MAX_DESCRIPTION);
        description.setWidthFull();
        TextField sats = new TextField(getTranslation("project.amount"));
        sats.setId("propose-amount");
        TextField recipient = new TextField(getTranslation("project.recipient"));
        recipient.setId("propose-recipient");
        recipient.setPlaceholder("name@wallet.example");
        Div result = new Div();
        result.setId("propose-result");
        Button send = new Button(getTranslation("projects.proposeButton"), e -> {
            OptionalLong amount = ProjectPage.parseSats(sats.getValue());
            if (account.getValue() == null || amount.isEmpty()) {
                failed(getTranslation(account.getValue() == null ? "projects.noAccount" : "project.amountInvalid"));
                return;
            }
            load(asMember(k -> ctx().month().propose(k, account.getValue(), new ProjectEntity.Proposal(title.getValue(),
                    description.getValue(), amount.getAsLong() * 1000, recipient.getValue()))), r -> {
                if (r instanceof ProjectResult.Done done) {
                    UI.getCurrent().navigate(ProjectPage.class, done.project());
                } else if (r instanceof ProjectResult.Refused refused) {
                    result.removeAll();
                    result.add(new Paragraph(refused.reason()));
                }
            });
        });
        send.setId("propose-button");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        box.add(account, title, description, sats, recipient, send, result);
        load(ctx().port().accountsOf(key), (List<String> mine) -> {
            if (mine.isEmpty()) {
                box.removeAll();
                Paragraph claim = new Paragraph(getTranslation("projects.noAccount"));
                claim.setId("propose-claim-first");
                box.add(claim);
                return;
            }
            account.setItems(mine);
            account.setValue(mine.get(0));
        });
        return box;
    }
}
