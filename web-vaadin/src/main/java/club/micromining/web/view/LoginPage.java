package club.micromining.web.view;

import club.micromining.pool.login.LoginChallenge;
import club.micromining.pool.login.Logins;
import club.micromining.web.component.QrCode;
import club.micromining.web.session.MemberSession;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.shared.Registration;
import java.util.HexFormat;
import org.bitcoinj.base.Sha256Hash;
import org.bitcoinj.crypto.ECKey;

/**
 * Signing in with a Lightning wallet (LNURL-auth): a QR code and a {@code lightning:} link of a fresh
 * challenge; the page asks every second whether a wallet answered it and signs this browser in when one
 * did, without a reload. Off mainnet a demo wallet answers with a key kept in this browser's session.
 */
@Route(value = "login", layout = MainLayout.class)
@PageTitle("MicroMining · Sign in")
public class LoginPage extends Page {
    private static final int POLL_MILLIS = 1000;

    private Div challengeBox;
    private Paragraph status;
    private String k1;
    private Registration polling;

    @Override
    protected void render() {
        add(heading("login.title"), new Paragraph(getTranslation("login.intro")));
        challengeBox = new Div();
        challengeBox.setId("login-challenge");
        status = new Paragraph();
        status.setId("login-status");
        add(challengeBox, status);
        if (ctx().demoWallet()) {
            Button demo = new Button(getTranslation("login.demo"), e -> demoLogin());
            demo.setId("demo-wallet");
            demo.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            add(new Paragraph(getTranslation("login.demoIntro")), demo);
        }
        if (MemberSession.linkingKey().isPresent()) {
            status.setText(getTranslation("login.already"));
        }
        newChallenge();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        event.getUI().setPollInterval(POLL_MILLIS);
        polling = event.getUI().addPollListener(e -> check());
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove();
            polling = null;
        }
        super.onDetach(event);
    }

    private void newChallenge() {
        load(ctx().port().loginChallenge(callback()), this::show);
    }

    private void show(Logins.Challenge c) {
        k1 = c.k1();
        challengeBox.removeAll();
        Div qr = svg(QrCode.svg(c.lnurl()));
        qr.setId("login-qr");
        qr.setWidth("260px");
        Anchor open = new Anchor("lightning:" + c.lnurl(), getTranslation("login.open"));
        open.setId("login-link");
        TextField copy = new TextField(getTranslation("login.copy"));
        copy.setValue(c.lnurl());
        copy.setReadOnly(true);
        copy.setWidthFull();
        challengeBox.add(qr, new Div(open), copy);
    }

    /** Whether a wallet answered this page's challenge; once it did, this browser is signed in as its key. */
    private void check() {
        String asked = k1;
        if (asked == null) {
            return;
        }
        load(ctx().port().takeLogin(asked), taken -> taken(asked, taken));
    }

    private void taken(String asked, LoginChallenge.Taken taken) {
        if (!asked.equals(k1)) {
            return;
        }
        if (taken.linkingKey() != null) {
            k1 = null;
            MemberSession.signIn(UI.getCurrent(), taken.linkingKey());
            UI.getCurrent().navigate(MemberPage.class);
        } else if (taken.over()) {
            status.setText(getTranslation("login.expired"));
            newChallenge();
        }
    }

    /** What a wallet does, done here with this session's own throwaway key: sign k1's raw bytes, call back. */
    private void demoLogin() {
        String asked = k1;
        if (asked == null) {
            return;
        }
        ECKey key = MemberSession.demoKey(VaadinSession.getCurrent());
        byte[] sig = key.sign(Sha256Hash.wrap(HexFormat.of().parseHex(asked))).encodeToDER();
        load(ctx().port().answerLogin(asked, HexFormat.of().formatHex(sig), key.getPublicKeyAsHex()), answered -> {
            if (answered.ok()) {
                check();
            } else {
                status.setText(answered.error());
            }
        });
    }

    /** Where wallets call back: the node's public URL (never the Host this page was asked with, which a client can forge). */
    private String callback() {
        String base = ctx().publicUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/lnurl-auth";
    }
}
