package club.micromining.web.session;

import club.micromining.web.WebServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/lnurl-auth?tag=login&k1=...&sig=...&key=...} on the web app's own port, where the login
 * page's QR code points: a wallet's answer (LUD-04), {@code {"status":"OK"}} or
 * {@code {"status":"ERROR","reason":...}}. The JSON API serves the same route for a node without a web app.
 */
@WebServlet(urlPatterns = "/api/lnurl-auth", asyncSupported = true)
public class LnurlAuthServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String tag = req.getParameter("tag");
        String k1 = req.getParameter("k1");
        String sig = req.getParameter("sig");
        String key = req.getParameter("key");
        if (tag != null && !tag.equals("login")) {
            answer(resp, "only tag=login is served here");
            return;
        }
        if (k1 == null || sig == null || key == null) {
            answer(resp, "k1, sig and key are required");
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(TimeUnit.SECONDS.toMillis(30));
        WebServer.context().port().answerLogin(k1, sig, key).whenComplete((answered, error) -> {
            try {
                answer((HttpServletResponse) async.getResponse(), error != null ? "the pool could not check the login now"
                        : answered.ok() ? null : answered.error());
            } catch (IOException e) {
                // The wallet hung up; nothing to tell it.
            } finally {
                async.complete();
            }
        });
    }

    private static void answer(HttpServletResponse resp, String error) throws IOException {
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.setHeader("Access-Control-Allow-Origin", "*");
        String body = error == null ? "{\"status\":\"OK\"}" : "{\"status\":\"ERROR\",\"reason\":\"" + json(error) + "\"}";
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
