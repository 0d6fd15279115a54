package club.micromining.web;

import com.vaadin.flow.server.InitParameters;
import com.vaadin.flow.server.VaadinServlet;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;

/**
 * The web app's servlet, found by the server's annotation scan. Idle sessions close even while a tab
 * keeps sending heartbeats, so a member left signed in is signed out after the session timeout.
 */
@WebServlet(urlPatterns = "/*", asyncSupported = true, loadOnStartup = 1, initParams = {
        @WebInitParam(name = InitParameters.I18N_PROVIDER, value = "club.micromining.web.Translations"),
        @WebInitParam(name = InitParameters.SERVLET_PARAMETER_CLOSE_IDLE_SESSIONS, value = "true")})
public class AppServlet extends VaadinServlet {
}
