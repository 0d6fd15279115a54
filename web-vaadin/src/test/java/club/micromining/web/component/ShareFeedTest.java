package club.micromining.web.component;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.pool.view.RecentShareView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ShareFeedTest {
    private final Formats en = new Formats(Locale.ENGLISH, ZoneOffset.UTC);

    @Test
    void aRowPerShareNewestFirstLinkingTheAccount() {
        String html = ShareFeed.html(List.of(new RecentShareView("alice", "bitaxe", 4096, Instant.parse("2026-12-01T10:00:00Z")),
                new RecentShareView("bob", "gamma", 1.5, Instant.parse("2026-12-01T09:59:59Z"))), en, "Device", "Difficulty", "When", "-");
        assertThat(html).contains("<th>Device</th>", "<a router-link href=\"accounts/alice\">alice.bitaxe</a>", "4.10 k");
        assertThat(html.indexOf("alice.bitaxe")).isLessThan(html.indexOf("bob.gamma"));
    }

    @Test
    void whatMinersTypeNeverBecomesMarkup() {
        String html = ShareFeed.html(List.of(new RecentShareView("a\"><script>x</script>", "w'&", 1, Instant.EPOCH)), en,
                "D", "D", "W", "-");
        assertThat(html).doesNotContain("<script>").contains("a&quot;&gt;&lt;script&gt;", "w&#39;&amp;");
    }

    @Test
    void noSharesSaysSo() {
        assertThat(ShareFeed.html(List.of(), en, "D", "D", "W", "No shares <yet>")).isEqualTo("<p>No shares &lt;yet&gt;</p>");
    }
}
