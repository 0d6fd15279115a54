package club.micromining.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files say what the code reads: every environment variable they set is a setting of the
 * node (a `${?POOL_...}` of some module's reference.conf or the node's application.conf), every port they
 * open or probe is the one those settings give, and every Service targets a port the pods have.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("deploy");
    private static final Pattern SETTING = Pattern.compile("\\$\\{\\?(POOL_[A-Z0-9_]+)\\}");

    /** Every environment variable some configuration file of the node reads. */
    private static Set<String> settings() throws Exception {
        Set<String> names = new HashSet<>();
        for (String file : List.of("reference.conf", "application.conf")) {
            for (URL url : Collections.list(DeployManifestsTest.class.getClassLoader().getResources(file))) {
                try (InputStream in = url.openStream()) {
                    Matcher m = SETTING.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }

    private static List<JsonNode> documents() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(f.toFile())) {
                    var it = yaml.readValues(parser, JsonNode.class);
                    while (it.hasNext()) {
                        JsonNode d = it.next();
                        assertThat(d.path("kind").asText()).as(f + ": every document has a kind").isNotEmpty();
                        docs.add(d);
                    }
                }
            }
        }
        return docs;
    }

    private static JsonNode kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst().orElseThrow(() -> new AssertionError(kind));
    }

    @Test
    void kubernetesManifestsSetOnlyTheNodesSettingsAndOpenItsPorts() throws Exception {
        Set<String> known = settings();
        assertThat(known).contains("POOL_STRATUM_PORT", "POOL_CLUSTER_SEEDS", "POOL_CLUSTER_DISCOVERY", "POOL_DB_URL");
        List<JsonNode> docs = documents();

        Map<String, String> env = new HashMap<>();
        kind(docs, "ConfigMap").path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        kind(docs, "Secret").path("stringData").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        JsonNode pod = kind(docs, "Deployment").path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.path("value").asText());
        }
        assertThat(known).as("every variable the manifests set is a setting of the node").containsAll(env.keySet());
        assertThat(env).containsEntry("POOL_CLUSTER_DISCOVERY", "kubernetes").containsKeys("POOL_CLUSTER_HOST", "POOL_DB_URL");
        assertThat(env.get("POOL_DB_URL")).startsWith("jdbc:postgresql://");
        assertThat(pod.path("metadata").path("labels").path("app").asText())
                .as("the pods carry the label discovery selects").isEqualTo(env.get("POOL_CLUSTER_POD_SELECTOR").split("=")[1]);

        Map<String, Integer> ports = new HashMap<>();
        for (JsonNode p : container.path("ports")) {
            ports.put(p.path("name").asText(), p.path("containerPort").asInt());
        }
        assertThat(ports).containsEntry("stratum", Integer.parseInt(env.get("POOL_STRATUM_PORT")))
                .containsEntry("web", Integer.parseInt(env.get("POOL_WEB_PORT")))
                .containsEntry("api", Integer.parseInt(env.get("POOL_API_PORT")))
                .containsEntry("health", Integer.parseInt(env.get("POOL_MANAGEMENT_PORT")))
                .containsEntry("management", Integer.parseInt(env.get("POOL_CLUSTER_BOOTSTRAP_PORT")))
                .containsEntry("remoting", Integer.parseInt(env.get("POOL_CLUSTER_PORT")));
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/ready");
        assertThat(container.path("readinessProbe").path("httpGet").path("port").asText()).isEqualTo("health");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/health/alive");
        assertThat(pod.path("spec").path("serviceAccountName").asText()).isEqualTo(kind(docs, "ServiceAccount").path("metadata").path("name").asText());

        boolean stratumBalanced = false;
        for (JsonNode d : docs) {
            if (!d.path("kind").asText().equals("Service")) {
                continue;
            }
            for (JsonNode p : d.path("spec").path("ports")) {
                assertThat(ports).as(d.path("metadata").path("name") + " targets a port the pods have").containsKey(p.path("targetPort").asText());
                stratumBalanced |= p.path("targetPort").asText().equals("stratum") && d.path("spec").path("type").asText().equals("LoadBalancer")
                        && p.path("port").asInt() == 3333;
            }
        }
        assertThat(stratumBalanced).as("Stratum on 3333 behind a LoadBalancer").isTrue();
    }

    @Test
    void theSystemdUnitRunsTheNodeWithSettingsItReads() throws Exception {
        Set<String> known = settings();
        String unit = Files.readString(DEPLOY.resolve("systemd/micromining-pool.service"));
        assertThat(unit).contains("ExecStart=/usr/bin/java", "micromining-pool.jar run", "EnvironmentFile=/etc/micromining/pool.env",
                "Restart=always", "KillSignal=SIGTERM");
        for (String line : Files.readAllLines(DEPLOY.resolve("systemd/pool.env"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            assertThat(known).as(line).contains(line.substring(0, line.indexOf('=')));
        }
    }
}
