package club.micromining.web.session;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinSession;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.bitcoinj.crypto.ECKey;

/**
 * Who is signed in, kept in the server-side session: the wallet's linking key once a wallet answered
 * this browser's login challenge. Pages read it; every member command sends it to the domain, which
 * checks it again. The login is also kept in a signed cookie ({@link LoginCookie}, issued by
 * {@link LoginCookieServlet}), so a browser whose node left, or restarted, is signed in by whichever node it reaches.
 */
public final class MemberSession {
    private static final String MEMBER = "micromining.member.linking-key";
    private static final String DEMO_KEY = "micromining.member.demo-key";
    private static final String DARK = "micromining.theme.dark";
    private static final String ZONE = "micromining.zone";
    private static final String REMEMBERED_AT = "micromining.member.remembered-at";
    /** Issuing the cookie again on every navigation would be a request each; once a minute keeps the idle expiry. */
    private static final long REMEMBER_EVERY_MILLIS = 60_000;

    private MemberSession() {
    }

    public static Optional<String> linkingKey() {
        VaadinSession s = VaadinSession.getCurrent();
        return s == null ? Optional.empty() : Optional.ofNullable((String) s.getAttribute(MEMBER));
    }

    public static void signIn(VaadinSession s, String linkingKey) {
        s.setAttribute(MEMBER, linkingKey);
        // The HTTP session too: the servlet that issues the login cookie reads it there.
        s.getSession().setAttribute(MEMBER, linkingKey);
    }

    /** Signs this browser in on this node, and (in the page's browser) keeps the login for the other nodes. */
    public static void signIn(UI ui, String linkingKey) {
        signIn(ui.getSession(), linkingKey);
        ui.getSession().setAttribute(REMEMBERED_AT, null);
        keepRemembered(ui);
    }

    /** Signs out here and drops the login cookie, so no other node signs this browser in again. */
    public static void signOut(UI ui) {
        VaadinSession s = ui.getSession();
        s.setAttribute(MEMBER, null);
        s.getSession().removeAttribute(MEMBER);
        ui.getPage().executeJs("fetch($0, {method: 'POST', credentials: 'same-origin'})", LoginCookieServlet.FORGET);
    }

    /** The linking key this HTTP session signed in, for {@link LoginCookieServlet}. */
    static String signedIn(jakarta.servlet.http.HttpSession http) {
        return http == null ? null : (String) http.getAttribute(MEMBER);
    }

    /**
     * Has the browser fetch a fresh login cookie while a member uses the pages, so its expiry counts from the last
     * use: a member idle for the session timeout is signed out on every node.
     */
    public static void keepRemembered(UI ui) {
        VaadinSession s = ui.getSession();
        if (s.getAttribute(MEMBER) == null) {
            return;
        }
        Long at = (Long) s.getAttribute(REMEMBERED_AT);
        long now = System.currentTimeMillis();
        if (at == null || now - at >= REMEMBER_EVERY_MILLIS) {
            s.setAttribute(REMEMBERED_AT, now);
            ui.getPage().executeJs("fetch($0, {method: 'POST', credentials: 'same-origin'})", LoginCookieServlet.REMEMBER);
        }
    }

    /** The demo wallet's key, made once per browser session and never stored anywhere else. */
    public static ECKey demoKey(VaadinSession s) {
        ECKey key = (ECKey) s.getAttribute(DEMO_KEY);
        if (key == null) {
            key = new ECKey();
            s.setAttribute(DEMO_KEY, key);
        }
        return key;
    }

    public static boolean dark(VaadinSession s) {
        Boolean dark = (Boolean) s.getAttribute(DARK);
        return dark == null || dark;
    }

    public static void setDark(VaadinSession s, boolean dark) {
        s.setAttribute(DARK, dark);
    }

    public static ZoneId zone() {
        VaadinSession s = VaadinSession.getCurrent();
        Object z = s == null ? null : s.getAttribute(ZONE);
        return z instanceof ZoneId id ? id : ZoneOffset.UTC;
    }

    public static void setZone(VaadinSession s, String zoneId) {
        try {
            s.setAttribute(ZONE, ZoneId.of(zoneId));
        } catch (DateTimeException | NullPointerException e) {
            s.setAttribute(ZONE, ZoneOffset.UTC);
        }
    }
}
