package club.micromining.web;

import club.micromining.web.session.LoginCookie;
import club.micromining.web.session.MemberSession;
import com.vaadin.flow.server.InitParameters;
import com.vaadin.flow.server.VaadinServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;

/**
 * The web app's servlet, found by the server's annotation scan. Idle sessions close even while a tab
 * keeps sending heartbeats, so a member left signed in is signed out after the session timeout. A new
 * session (this node never saw the browser, or restarted) signs in whom the browser's login cookie names.
 */
@WebServlet(urlPatterns = "/*", asyncSupported = true, loadOnStartup = 1, initParams = {
        @WebInitParam(name = InitParameters.I18N_PROVIDER, value = "club.micromining.web.Translations"),
        @WebInitParam(name = InitParameters.SERVLET_PARAMETER_CLOSE_IDLE_SESSIONS, value = "true")})
public class AppServlet extends VaadinServlet {

    @Override
    protected void servletInitialized() throws ServletException {
        super.servletInitialized();
        getService().addSessionInitListener(event -> {
            Cookie[] cookies = event.getRequest().getCookies();
            if (cookies == null) {
                return;
            }
            for (Cookie c : cookies) {
                if (c.getName().equals(LoginCookie.NAME)) {
                    WebServer.context().loginCookie().verify(c.getValue(), System.currentTimeMillis())
                            .ifPresent(key -> MemberSession.signIn(event.getSession(), key));
                }
            }
        });
    }
}
