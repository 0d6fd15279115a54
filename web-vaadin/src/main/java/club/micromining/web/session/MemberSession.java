package club.micromining.web.session;

import com.vaadin.flow.server.VaadinSession;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.bitcoinj.crypto.ECKey;

/**
 * Who is signed in, kept in the server-side session: the wallet's linking key once a wallet answered
 * this browser's login challenge. Pages read it; every member command sends it to the domain, which
 * checks it again.
 */
public final class MemberSession {
    private static final String MEMBER = "micromining.member.linking-key";
    private static final String DEMO_KEY = "micromining.member.demo-key";
    private static final String DARK = "micromining.theme.dark";
    private static final String ZONE = "micromining.zone";

    private MemberSession() {
    }

    public static Optional<String> linkingKey() {
        VaadinSession s = VaadinSession.getCurrent();
        return s == null ? Optional.empty() : Optional.ofNullable((String) s.getAttribute(MEMBER));
    }

    public static void signIn(VaadinSession s, String linkingKey) {
        s.setAttribute(MEMBER, linkingKey);
    }

    public static void signOut(VaadinSession s) {
        s.setAttribute(MEMBER, null);
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
