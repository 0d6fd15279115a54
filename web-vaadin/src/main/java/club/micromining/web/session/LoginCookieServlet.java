package club.micromining.web.session;

import club.micromining.web.WebServer;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /session/remember} sets the {@link LoginCookie} of the member this browser's session signed in
 * (nothing if none did); {@code POST /session/forget} drops it. The pages call them with {@code fetch}: a login
 * happens in a push or poll round trip, where there is no response to carry a cookie, and the cookie is HttpOnly.
 */
@WebServlet(urlPatterns = {LoginCookieServlet.REMEMBER, LoginCookieServlet.FORGET})
public class LoginCookieServlet extends HttpServlet {
    public static final String REMEMBER = "/session/remember";
    public static final String FORGET = "/session/forget";

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // Another site's page may not sign this browser out (nor in) behind its back.
        if ("cross-site".equals(req.getHeader("Sec-Fetch-Site"))) {
            resp.sendError(HttpServletResponse.SC_FORBIDDEN, "only the web app's own pages may do this");
            return;
        }
        LoginCookie logins = WebServer.context().loginCookie();
        boolean secure = req.isSecure() || WebServer.context().publicUrl().startsWith("https:");
        if (req.getServletPath().equals(FORGET)) {
            resp.addCookie(cookie("", 0, secure));
        } else {
            String key = MemberSession.signedIn(req.getSession(false));
            if (key != null) {
                resp.addCookie(cookie(logins.issue(key, System.currentTimeMillis()), (int) logins.lifetime().toSeconds(), secure));
            }
        }
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    private static Cookie cookie(String value, int maxAgeSeconds, boolean secure) {
        Cookie c = new Cookie(LoginCookie.NAME, value);
        c.setPath("/");
        c.setHttpOnly(true);
        c.setSecure(secure);
        c.setMaxAge(maxAgeSeconds);
        c.setAttribute("SameSite", "Lax");
        return c;
    }
}
