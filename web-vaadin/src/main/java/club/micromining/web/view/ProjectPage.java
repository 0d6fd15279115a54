package club.micromining.web.view;

import club.micromining.pool.facade.ProjectResult;
import club.micromining.pool.projects.ProjectEntity;
import club.micromining.pool.view.ProjectView;
import club.micromining.web.component.Formats;
import club.micromining.web.session.MemberSession;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.router.QueryParameters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * One project: its text (plain, escaped), amount, recipient, votes and comments; for signed-in members
 * voting and commenting, and for its author editing (until voting opens) and withdrawing (until it ends);
 * once funded and paid, the payment's hash and preimage as its proof.
 */
@Route(value = "project", layout = MainLayout.class)
@PageTitle("MicroMining · Project")
public class ProjectPage extends Page implements HasUrlParameter<String> {
    private String id;

    @Override
    public void setParameter(BeforeEvent event, String parameter) {
        id = parameter;
        if (isAttached()) {
            // From one project to another the page stays: it is drawn again for the new one.
            draw();
        }
    }

    @Override
    protected void render() {
        if (id == null) {
            return;
        }
        load(ctx().month().project(id), p -> {
            if (p.isEmpty()) {
                add(heading("project.unknownTitle"), new Paragraph(getTranslation("project.unknown", id)));
            } else {
                show(p.get());
            }
        });
    }

    static String amount(Formats f, long msat, long eurPerBtc) {
        long eur = Math.round(msat / 1e11 * eurPerBtc);
        return f.sats(msat) + " (≈ " + f.euros(eur) + ")";
    }

    /** Whole sats, at least 1; empty for anything else. */
    static OptionalLong parseSats(String text) {
        try {
            long v = Long.parseLong(text.trim().replace("_", "").replace(" ", ""));
            return v >= 1 && v <= 2_100_000_000_000_000L / 1000 ? OptionalLong.of(v) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private void show(ProjectView p) {
        Formats f = formats();
        add(heading("project.heading"));
        H3 title = new H3(p.title());
        title.setId("project-title");
        add(title);
        Span status = new Span(getTranslation("project.status." + p.status()));
        status.setId("project-status");
        status.getElement().getThemeList().add("badge");
        add(status);
        add(new Paragraph(getTranslation("project.by", p.author(), p.round(), f.dateTime(Instant.ofEpochMilli(p.proposedAtMillis())))));
        Paragraph text = new Paragraph(p.description());
        text.setId("project-description");
        text.getStyle().set("white-space", "pre-wrap");
        add(text);
        add(tiles(tile(getTranslation("project.amount"), new Span(amount(f, p.amountMsat(), ctx().month().eurPerBtc()))),
                tile(getTranslation("project.recipient"), new Span(p.recipient()))));
        if (p.rank() > 0) {
            Paragraph tally = new Paragraph(getTranslation("project.tallyLine", p.rank(), p.votesFor(), p.votesAgainst(), p.voters()));
            tally.setId("project-tally");
            add(tally);
        }
        if (p.paymentHash() != null) {
            Div proof = new Div();
            proof.setId("project-proof");
            proof.add(new Paragraph(getTranslation("project.funded", f.dateTime(Instant.ofEpochMilli(p.paidAtMillis())))));
            proof.add(new Paragraph(getTranslation("account.paymentHash")), new Code(p.paymentHash()));
            proof.add(new Paragraph(getTranslation("account.preimage")), new Code(p.preimage()));
            RouterLink inLedger = new RouterLink(getTranslation("project.inLedger"), LedgerPage.class);
            inLedger.setQueryParameters(new QueryParameters(Map.of("kind", List.of("project-paid"))));
            proof.add(new Paragraph(inLedger));
            add(proof);
        }
        add(new H3(getTranslation("project.votes", p.votes().size())));
        Div votes = new Div();
        votes.setId("project-votes");
        for (ProjectView.Vote v : p.votes()) {
            votes.add(new Paragraph(getTranslation(v.inFavour() ? "project.voteFor" : "project.voteAgainst", v.account())));
        }
        add(votes);
        add(new H3(getTranslation("project.comments", p.comments().size())));
        Div comments = new Div();
        comments.setId("project-comments");
        for (ProjectView.Comment c : p.comments()) {
            Paragraph line = new Paragraph(c.account() + " · " + f.dateTime(Instant.ofEpochMilli(c.atMillis())) + ": " + c.text());
            line.getStyle().set("white-space", "pre-wrap");
            comments.add(line);
        }
        add(comments);
        MemberSession.linkingKey().ifPresentOrElse(key -> load(ctx().port().accountsOf(key), mine -> memberActions(p, mine)),
                () -> add(new Paragraph(getTranslation("projects.signIn"))));
    }

    private void memberActions(ProjectView p, List<String> mine) {
        if (mine.isEmpty()) {
            add(new Paragraph(getTranslation("projects.noAccount")));
            return;
        }
        Select<String> account = new Select<>();
        account.setLabel(getTranslation("common.account"));
        account.setId("project-account");
        account.setItems(mine);
        account.setValue(mine.contains(p.author()) ? p.author() : mine.get(0));
        Div result = new Div();
        result.setId("project-result");
        HorizontalLayout row = new HorizontalLayout(account);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        row.getStyle().set("flex-wrap", "wrap");
        if (p.open()) {
            Button yes = new Button(getTranslation("project.voteForButton"), e -> act(result,
                    asMember(k -> ctx().month().vote(k, account.getValue(), p.id(), true))));
            yes.setId("vote-for");
            yes.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            Button no = new Button(getTranslation("project.voteAgainstButton"), e -> act(result,
                    asMember(k -> ctx().month().vote(k, account.getValue(), p.id(), false))));
            no.setId("vote-against");
            row.add(yes, no);
        }
        add(row);
        TextArea comment = new TextArea(getTranslation("project.comment"));
        comment.setId("comment-text");
        comment.setMaxLength(ProjectEntity.MAX_COMMENT);
        comment.setWidthFull();
        Button post = new Button(getTranslation("project.commentButton"), e -> act(result,
                asMember(k -> ctx().month().comment(k, account.getValue(), p.id(), comment.getValue()))));
        post.setId("comment-button");
        add(comment, post, result);
        if (p.open() && mine.contains(p.author())) {
            add(authorActions(p, result));
        }
    }

    private Div authorActions(ProjectView p, Div result) {
        Div box = new Div();
        box.add(new H3(getTranslation("project.authorTitle")));
        TextField title = new TextField(getTranslation("project.titleField"), p.title(), "");
        title.setId("edit-title");
        title.setWidthFull();
        TextArea description = new TextArea(getTranslation("project.description"), p.description(), "");
        description.setId("edit-description");
        description.setWidthFull();
        TextField sats = new TextField(getTranslation("project.amount"), Long.toString(p.amountMsat() / 1000), "");
        sats.setId("edit-amount");
        TextField recipient = new TextField(getTranslation("project.recipient"), p.recipient(), "");
        recipient.setId("edit-recipient");
        Button save = new Button(getTranslation("project.edit"), e -> {
            OptionalLong amount = parseSats(sats.getValue());
            if (amount.isEmpty()) {
                failed(getTranslation("project.amountInvalid"));
                return;
            }
            act(result, asMember(k -> ctx().month().edit(k, p.author(), p.id(), new ProjectEntity.Proposal(title.getValue(),
                    description.getValue(), amount.getAsLong() * 1000, recipient.getValue()))));
        });
        save.setId("edit-button");
        Button withdraw = new Button(getTranslation("project.withdraw"), e -> act(result,
                asMember(k -> ctx().month().withdraw(k, p.author(), p.id()))));
        withdraw.setId("withdraw-button");
        withdraw.addThemeVariants(ButtonVariant.LUMO_ERROR);
        box.add(title, description, sats, recipient, new HorizontalLayout(save, withdraw));
        return box;
    }

    /** A member's action: done, the page is drawn again with it; refused, the domain's reason is shown. */
    private void act(Div result, CompletionStage<ProjectResult> action) {
        load(action, r -> {
            if (r instanceof ProjectResult.Done) {
                draw();
            } else if (r instanceof ProjectResult.Refused refused) {
                result.removeAll();
                Paragraph why = new Paragraph(refused.reason());
                why.setId("project-refused");
                result.add(why);
            }
        });
    }
}
