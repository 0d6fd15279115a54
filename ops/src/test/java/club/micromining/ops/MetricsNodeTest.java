package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import club.micromining.stratum.testkit.StratumTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A live node's scrape after a mining run: the latency histograms are filled, and every metric the shipped
 * Grafana dashboard ({@code ops/deploy/grafana/micromining.json}) queries is in it.
 */
class MetricsNodeTest {
    private static final Pattern METRIC = Pattern.compile("\\b((?:micromining|jvm|hikaricp|process|system)_[a-z0-9_]+)");

    /** The metric families of a Prometheus text scrape (a histogram's _bucket, _count and _sum included). */
    private static Set<String> families(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.lines().toList()) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static double value(String scrape, String series) {
        for (String line : scrape.lines().toList()) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + series + " in the scrape");
    }

    @Test
    void theScrapeHasFilledHistogramsAndEveryMetricTheDashboardQueries() throws Exception {
        Map<String, String> env = TestNodes.env(Files.createTempDirectory("micromining-metrics"), 0, 0);
        env.put("POOL_PAYOUT_CYCLE_INTERVAL", "300ms");
        try (PoolNode node = PoolNode.start(TestNodes.config(env), 0)) {
            int api = node.apiAddress().getPort();
            try (StratumTestClient miner = StratumTestClient.connect(node.stratumAddress()).handshake("dora.bitaxe")) {
                String[] share = null;
                for (int i = 0; i < 20; i++) {
                    share = miner.mine(true, 0);
                    assertThat(miner.submit(share).get("result").asBoolean()).isTrue();
                }
                assertThat(miner.submit(share).get("error").get(0).asInt()).as("the same share again").isEqualTo(22);
            }
            // A node that runs for minutes has collected garbage; this one may not have yet, and GC pauses appear after one.
            System.gc();
            Thread.sleep(6_000);
            String scrape = TestNodes.get(api, "/metrics").body();
            Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape);
            assertThat(value(scrape, "micromining_submit_latency_seconds_count{outcome=\"accepted\"}")).isEqualTo(20);
            assertThat(value(scrape, "micromining_submit_latency_seconds_count{outcome=\"rejected\"}")).isEqualTo(1);
            assertThat(value(scrape, "micromining_shares_rejected_total{reason=\"DUPLICATE\"}")).isEqualTo(1);
            assertThat(value(scrape, "micromining_share_validation_seconds_count")).isEqualTo(21);
            assertThat(value(scrape, "micromining_handshake_seconds_count")).isEqualTo(1);
            assertThat(value(scrape, "micromining_journal_persist_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(scrape).contains("micromining_submit_latency_seconds_bucket{outcome=\"accepted\",le=\"0.1\"}",
                    "micromining_share_validation_seconds{quantile=\"0.99\"}",
                    "micromining_projection_lag_events{projection=\"device-events\"}", "hikaricp_connections_active{pool=\"micromining-read-side\"}",
                    "hikaricp_connections_active{pool=\"micromining-journal-writes\"}");

            Set<String> have = families(scrape);
            JsonNode dashboard = new ObjectMapper().readTree(Files.readString(Path.of("deploy", "grafana", "micromining.json")));
            Set<String> queried = new TreeSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    Matcher m = METRIC.matcher(target.path("expr").asText());
                    while (m.find()) {
                        queried.add(m.group(1));
                    }
                }
            }
            assertThat(queried).as("the dashboard queries something").hasSizeGreaterThan(10);
            assertThat(have).as("every metric the dashboard queries, in a live scrape").containsAll(queried);
        }
    }
}
