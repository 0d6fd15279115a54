package club.micromining.web;

import com.github.mvysny.vaadinboot.VaadinBoot;
import java.util.Objects;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.ee10.webapp.WebAppContext;

/**
 * The web app's HTTP server (Jetty through vaadin-boot), in the node's JVM. Views find the node's
 * {@link WebContext} here: vaadin-boot builds the server itself, so there is no constructor to pass it
 * through, and it is set before the first request.
 */
public final class WebServer implements AutoCloseable {
    private static volatile WebContext context;

    private final VaadinBoot boot;
    private volatile int port;

    private WebServer(VaadinBoot boot) {
        this.boot = boot;
    }

    public static WebContext context() {
        return Objects.requireNonNull(context, "the web app has not been started");
    }

    /** For view tests, which render pages without a server. */
    public static void setContext(WebContext c) {
        context = c;
    }

    /**
     * Starts the server and returns once it serves requests.
     *
     * @param port 0 for any free port
     * @throws Exception when the server or the web app cannot start (a port in use)
     */
    public static synchronized WebServer start(WebContext c, String host, int port) throws Exception {
        setContext(c);
        WebServer[] self = new WebServer[1];
        // vaadin-boot's setPort refuses 0; the port it reads from server.port when created goes to Jetty as it is.
        String old = System.getProperty("server.port");
        System.setProperty("server.port", Integer.toString(port));
        VaadinBoot boot;
        try {
            boot = new VaadinBoot() {
                @Override
                protected void onStarted(WebAppContext webApp) {
                    self[0].port = ((ServerConnector) webApp.getServer().getConnectors()[0]).getLocalPort();
                }
            };
        } finally {
            if (old == null) {
                System.clearProperty("server.port");
            } else {
                System.setProperty("server.port", old);
            }
        }
        // Logging is the node's: logback's servlet initializer would stop it when Jetty stops, and the rest of the
        // node's stop (an ERROR in it too) would go unlogged.
        System.setProperty("logbackDisableServletContainerInitializer", "true");
        boot.listenOn(host).openBrowserInDevMode(false);
        self[0] = new WebServer(boot);
        boot.start();
        return self[0];
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        boot.stop("the node stops");
        WebContext c = context;
        if (c != null) {
            c.live().close();
        }
    }
}
