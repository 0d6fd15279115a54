package club.micromining.web.component;

import static club.micromining.web.component.SvgChart.escape;

import club.micromining.pool.view.RecentShareView;
import java.util.List;

/**
 * The dashboard's live share list as one piece of HTML. Under load every row changes every second; a
 * grid would send a component per row and ask the browser to confirm each update, for every open page.
 * As markup it is one property of one element, a tenth of the bytes and of the server's work.
 */
public final class ShareFeed {
    private ShareFeed() {
    }

    /** A table of the shares, newest first, each device linking to its account's page. */
    public static String html(List<RecentShareView> shares, Formats f, String device, String difficulty, String when,
                              String none) {
        StringBuilder b = new StringBuilder(256 + shares.size() * 160);
        if (shares.isEmpty()) {
            return b.append("<p>").append(escape(none)).append("</p>").toString();
        }
        b.append("<table style=\"width:100%;border-collapse:collapse;font-size:var(--lumo-font-size-s)\">"
                        + "<thead><tr style=\"text-align:left;color:var(--lumo-secondary-text-color)\"><th>").append(escape(device)).append("</th><th>")
                .append(escape(difficulty)).append("</th><th>").append(escape(when)).append("</th></tr></thead><tbody>");
        for (RecentShareView s : shares) {
            b.append("<tr style=\"border-top:1px solid var(--lumo-contrast-10pct)\"><td><a router-link href=\"accounts/").append(escape(s.account())).append("\">")
                    .append(escape(s.account())).append('.').append(escape(s.worker())).append("</a></td><td>")
                    .append(escape(f.difficulty(s.difficulty()))).append("</td><td>")
                    .append(escape(f.time(s.at()))).append("</td></tr>");
        }
        return b.append("</tbody></table>").toString();
    }
}
