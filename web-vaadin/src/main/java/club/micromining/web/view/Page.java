package club.micromining.web.view;

import club.micromining.web.WebContext;
import club.micromining.web.WebServer;
import club.micromining.web.component.Formats;
import club.micromining.web.live.LiveFeed;
import club.micromining.web.session.MemberSession;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.i18n.LocaleChangeEvent;
import com.vaadin.flow.i18n.LocaleChangeObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * What every page does: draws itself in the reader's language (again when it changes), reads the pool
 * without ever waiting on the UI thread, and, when live, takes the shared feed's refreshes while it is
 * shown and lets go of them when it is not.
 */
abstract class Page extends VerticalLayout implements LocaleChangeObserver {
    private Runnable unsubscribe;

    Page() {
        setWidthFull();
        setMaxWidth("1100px");
        setPadding(true);
        getStyle().set("margin", "0 auto");
    }

    protected WebContext ctx() {
        return WebServer.context();
    }

    protected Formats formats() {
        return new Formats(getLocale(), MemberSession.zone());
    }

    /** Builds the page's content; called on navigation and when the language changes. */
    protected abstract void render();

    /** The live feed's refresh, on the UI thread; pages that are not live ignore it. */
    protected void refresh(LiveFeed.Snapshot snapshot) {
    }

    /** Whether the page takes the live feed. */
    protected boolean live() {
        return false;
    }

    @Override
    public void localeChange(LocaleChangeEvent event) {
        draw();
    }

    /** Draws the page afresh. */
    void draw() {
        removeAll();
        render();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        if (live()) {
            UI ui = event.getUI();
            unsubscribe = ctx().live().subscribe(s -> {
                try {
                    ui.access(() -> refresh(s));
                } catch (UIDetachedException gone) {
                    // Detached between the refresh and its delivery; onDetach lets go of the feed.
                }
            });
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
        super.onDetach(event);
    }

    /**
     * Applies what the pool answers on the UI thread, once it answers; a failure is shown, not thrown.
     * An answer already there (the view tests' seeded views) is applied at once.
     */
    protected <T> void load(CompletionStage<T> stage, Consumer<T> apply) {
        UI ui = UI.getCurrent();
        CompletableFuture<T> f = stage.toCompletableFuture();
        if (f.isDone() && ui != null && ui.getSession().hasLock()) {
            finish(f, apply);
            return;
        }
        f.whenComplete((v, e) -> {
            if (ui != null) {
                try {
                    ui.access(() -> finish(f, apply));
                } catch (UIDetachedException gone) {
                    // The reader left the page before the pool answered.
                }
            }
        });
    }

    private <T> void finish(CompletableFuture<T> f, Consumer<T> apply) {
        try {
            apply.accept(f.join());
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            failed(cause instanceof IllegalArgumentException ? cause.getMessage() : getTranslation("error.unavailable"));
        }
    }

    /**
     * The wallet signed in now, for a member's action: read at the click, so a session that signed out
     * meanwhile acts for no one (the domain refuses an action without a claimed account's wallet anyway).
     */
    protected <T> CompletionStage<T> asMember(java.util.function.Function<String, CompletionStage<T>> action) {
        return MemberSession.linkingKey().map(action)
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalArgumentException(getTranslation("projects.signIn"))));
    }

    protected void failed(String message) {
        Notification n = Notification.show(message, 5000, Notification.Position.BOTTOM_CENTER);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    protected static Div svg(String markup) {
        Div d = new Div();
        d.setWidthFull();
        d.getElement().setProperty("innerHTML", markup);
        return d;
    }

    protected static void setSvg(Div d, String markup) {
        d.getElement().setProperty("innerHTML", markup);
    }

    protected H2 heading(String key) {
        H2 h = new H2(getTranslation(key));
        h.getStyle().set("margin", "0.5em 0 0.2em");
        return h;
    }

    /** A figure with its caption, in a tile that wraps on a phone. */
    protected static Div tile(String caption, Span value) {
        Div d = new Div();
        d.addClassName("mm-tile");
        d.getStyle().set("padding", "0.6em 1em").set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", "var(--lumo-contrast-5pct)").set("min-width", "9em").set("flex", "1 1 9em");
        Span c = new Span(caption);
        c.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        value.getStyle().set("display", "block").set("font-size", "var(--lumo-font-size-xl)").set("font-weight", "600");
        d.add(c, value);
        return d;
    }

    protected static Div tiles(Div... tiles) {
        Div row = new Div(tiles);
        row.setWidthFull();
        row.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "0.6em");
        return row;
    }
}
