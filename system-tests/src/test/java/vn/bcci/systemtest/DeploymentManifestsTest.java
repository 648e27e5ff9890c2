package vn.bcci.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;

import vn.bcci.contracts.TopicAccess;
import vn.bcci.contracts.Topics;

/**
 * Every overlay of deploy/k8s rendered with {@code kubectl kustomize} (installed by .ci/run) and each object read into
 * the typed model of its kind, fabric8's for Kubernetes and Strimzi's for Kafka, failing on any field the model does
 * not know; kinds without a model here (CloudNativePG's Cluster, the Prometheus operator's ServiceMonitor and
 * PrometheusRule) are held to the fields this platform relies on. Then the platform's rules: non-root read-only
 * containers with resources, no secret values, an autoscaler, a disruption budget and a network policy per service,
 * the topics' partitions as {@link Topics#partitions}, the broker's users and ACLs as {@link TopicAccess}, the alert rules as deploy/observability/alerts.yml.
 */
class DeploymentManifestsTest {
    private static final Path ROOT = Path.of(System.getProperty("bcci.root", "..")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final List<String> SERVICES = List.of("dossier-service", "postal-tracking-service",
            "portal-sync-service");
    private static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class), Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Service", Service.class), Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", KafkaUser.class));
    /** Kinds without a typed model here: the fields of {@code spec} they may use. */
    private static final Map<String, Set<String>> SHAPES = Map.of(
            "postgresql.cnpg.io/v1/Cluster", Set.of("instances", "storage", "bootstrap", "postgresql",
                    "minSyncReplicas", "maxSyncReplicas", "monitoring"),
            "monitoring.coreos.com/v1/ServiceMonitor", Set.of("selector", "endpoints"),
            "monitoring.coreos.com/v1/PrometheusRule", Set.of("groups"));

    private static List<JsonNode> render(String overlay) throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", ROOT.resolve("deploy/k8s/overlays/" + overlay)
                .toString()).redirectErrorStream(false).start();
        byte[] out = kubectl.getInputStream().readAllBytes();
        String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize ends");
        assertEquals(0, kubectl.exitValue(), "kubectl kustomize deploy/k8s/overlays/" + overlay + ": " + err);
        List<JsonNode> objects = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(out)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext();) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    objects.add(node);
                }
            }
        }
        return objects;
    }

    private static String key(JsonNode o) {
        return o.path("apiVersion").asText() + "/" + o.path("kind").asText();
    }

    /** Fields a model kept aside because it did not know them (fabric8's and Strimzi's additionalProperties). */
    private static void unknownFields(Object model, String path, List<String> found, Set<Object> seen)
            throws ReflectiveOperationException {
        if (model == null || !seen.add(model) || model.getClass().getName().startsWith("java.")) {
            if (model instanceof Collection<?> c) {
                int i = 0;
                for (Object item : c) {
                    unknownFields(item, path + "[" + i++ + "]", found, seen);
                }
            } else if (model instanceof Map<?, ?> m && !path.endsWith("additionalProperties")) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    unknownFields(e.getValue(), path + "." + e.getKey(), found, seen);
                }
            }
            return;
        }
        if (!model.getClass().getName().startsWith("io.fabric8")
                && !model.getClass().getName().startsWith("io.strimzi")) {
            return;
        }
        for (Method m : model.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(model);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add(path + ": " + extra.keySet());
                }
            } else {
                unknownFields(value, path + "." + m.getName().substring(3), found, seen);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void everyObjectIsValidAndTheServicesAreRunAsThePlatformRequires(String overlay) throws Exception {
        List<JsonNode> objects = render(overlay);
        List<String> problems = new ArrayList<>();
        Map<String, Object> typed = new java.util.LinkedHashMap<>();
        for (JsonNode o : objects) {
            String name = key(o) + " " + o.path("metadata").path("name").asText();
            Class<?> model = MODELS.get(key(o));
            if (model != null) {
                Object read;
                try {
                    read = YAML.treeToValue(o, model);
                } catch (IOException e) {
                    problems.add(name + ": " + e.getMessage().lines().findFirst().orElse(""));
                    continue;
                }
                unknownFields(read, name, problems, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
                typed.put(name, read);
            } else if (SHAPES.containsKey(key(o))) {
                Set<String> fields = new java.util.TreeSet<>();
                o.path("spec").fieldNames().forEachRemaining(fields::add);
                fields.removeAll(SHAPES.get(key(o)));
                if (!fields.isEmpty()) {
                    problems.add(name + ": fields not known here " + fields);
                }
            } else {
                problems.add(name + ": a kind this test does not know; add its model");
            }
            if (key(o).equals("v1/Secret")) {
                problems.add(name + ": a secret with its values in the repository");
            }
        }
        assertTrue(problems.isEmpty(), overlay + ": " + String.join("\n", problems));

        for (String service : SERVICES) {
            Deployment d = (Deployment) typed.get("apps/v1/Deployment " + service);
            assertNotNull(d, overlay + ": a Deployment of " + service);
            var pod = d.getSpec().getTemplate().getSpec();
            assertTrue(pod.getSecurityContext().getRunAsNonRoot(), service + " runs as non-root");
            Container c = pod.getContainers().get(0);
            assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), service + ": read-only root");
            assertFalse(c.getSecurityContext().getAllowPrivilegeEscalation(), service + ": no escalation");
            assertNotNull(c.getResources().getRequests().get("cpu"), service + ": a CPU request");
            assertNotNull(c.getResources().getLimits().get("memory"), service + ": a memory limit");
            assertTrue(c.getEnv().stream().filter(e -> e.getName().matches(".*(PASSWORD|SECRET).*"))
                    .allMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null),
                    service + ": secrets come from secrets");
            HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) typed
                    .get("autoscaling/v2/HorizontalPodAutoscaler " + service);
            assertEquals(service, hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMaxReplicas() <= 12, "no more instances than partitions per group");
            PodDisruptionBudget pdb = (PodDisruptionBudget) typed.get("policy/v1/PodDisruptionBudget " + service);
            assertEquals(d.getSpec().getSelector().getMatchLabels(), pdb.getSpec().getSelector().getMatchLabels());
            NetworkPolicy np = (NetworkPolicy) typed.get("networking.k8s.io/v1/NetworkPolicy " + service);
            assertEquals(Set.of("Ingress", "Egress"), Set.copyOf(np.getSpec().getPolicyTypes()), service);
        }
        Map<String, Integer> partitions = typed.values().stream().filter(KafkaTopic.class::isInstance)
                .map(KafkaTopic.class::cast)
                .collect(Collectors.toMap(t -> t.getSpec().getTopicName(), t -> t.getSpec().getPartitions()));
        assertEquals(Set.copyOf(TopicAccess.allTopics()), partitions.keySet(), "a KafkaTopic per topic, no other");
        for (String topic : TopicAccess.allTopics()) {
            assertEquals(Topics.partitions(topic), partitions.get(topic), topic + "'s partitions");
        }
        kafkaUsersAreTopicAccess(overlay, typed);
        JsonNode rule = objects.stream().filter(o -> key(o).equals("monitoring.coreos.com/v1/PrometheusRule"))
                .findFirst().orElseThrow();
        JsonNode alerts = YAML.readTree(ROOT.resolve("deploy/observability/alerts.yml").toFile());
        assertEquals(alerts.path("groups"), ((ObjectNode) rule.path("spec")).path("groups"),
                "the PrometheusRule holds deploy/observability/alerts.yml's rules");
    }

    /**
     * Each service signs in as its own KafkaUser over TLS, and the users' ACLs are exactly event-contracts'
     * TopicAccess: what the secured local broker grants, with which the system tests run.
     */
    private static void kafkaUsersAreTopicAccess(String overlay, Map<String, Object> typed) {
        Map<String, Set<String>> granted = new java.util.TreeMap<>();
        typed.values().stream().filter(KafkaUser.class::isInstance).map(KafkaUser.class::cast).forEach(user -> {
            assertEquals("scram-sha-512", user.getSpec().getAuthentication().getType(), user.getMetadata().getName());
            Set<String> acls = new java.util.TreeSet<>();
            for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
                String resource = rule.getResource() instanceof AclRuleTopicResource t
                        ? "topic " + t.getName()
                        : rule.getResource() instanceof AclRuleGroupResource g
                                ? "group " + g.getName()
                                : "other " + rule.getResource().getType();
                rule.getOperations().forEach(op -> acls.add(op.name() + " " + resource));
            }
            granted.put(user.getMetadata().getName(), acls);
        });
        Map<String, Set<String>> expected = new java.util.TreeMap<>();
        for (TopicAccess.Grant grant : TopicAccess.GRANTS) {
            Set<String> acls = new java.util.TreeSet<>();
            grant.writes().forEach(t -> acls.add("WRITE topic " + t));
            grant.reads().forEach(t -> acls.add("READ topic " + t));
            grant.group().ifPresent(g -> acls.add("READ group " + g));
            expected.put(grant.user(), acls);
        }
        assertEquals(expected, granted, overlay + ": the KafkaUsers' ACLs are TopicAccess");
        Kafka kafka = typed.values().stream().filter(Kafka.class::isInstance).map(Kafka.class::cast).findFirst()
                .orElseThrow();
        assertTrue(kafka.getSpec().getKafka().getListeners().stream().allMatch(l -> l.isTls()
                && l.getAuth() != null && "scram-sha-512".equals(l.getAuth().getType())),
                overlay + ": every listener is TLS with SCRAM sign-in");
        assertEquals("simple", kafka.getSpec().getKafka().getAuthorization().getType(), overlay + ": ACLs enforced");
        for (String service : SERVICES) {
            Deployment d = (Deployment) typed.get("apps/v1/Deployment " + service);
            var jaas = d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst().orElseThrow();
            assertEquals(service, jaas.getValueFrom().getSecretKeyRef().getName(),
                    overlay + ": " + service + " signs in as its own KafkaUser");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "production"})
    void vnpostsPushSecretIsRequiredAndNotInTheRepository(String overlay) throws Exception {
        String rendered = YAML.writeValueAsString(render(overlay));
        assertTrue(rendered.contains("postal-tracking-webhook"), "the push secret is referenced");
        assertFalse(Files.readString(ROOT.resolve("deploy/k8s/base/config.yaml")).contains("change-me"));
    }

    /**
     * portal-sync's {@code portal_sync_*} gauges are counts of its database, the whole system's, reported alike by
     * every instance: summed across instances they count each owed item once per instance (the owed alert and panel
     * once did). Alerts and dashboard take the max across instances first.
     */
    @org.junit.jupiter.api.Test
    void theWholeSystemsGaugesAreNeverSummedAcrossInstances() throws Exception {
        java.util.regex.Pattern summed = java.util.regex.Pattern.compile("sum(\\s+by\\s*\\([^)]*\\))?\\s*\\(\\s*"
                + "portal_sync_");
        for (String file : List.of("deploy/observability/alerts.yml", "deploy/k8s/base/prometheus-rule.yaml",
                "deploy/observability/grafana/dashboards/bcci-overview.json")) {
            String text = Files.readString(ROOT.resolve(file));
            assertTrue(text.contains("portal_sync_"), file + " uses the sync gauges");
            java.util.regex.Matcher m = summed.matcher(text);
            assertFalse(m.find(), file + " sums a whole-system gauge across instances: "
                    + (m.hitEnd() ? "" : text.substring(m.start(), Math.min(text.length(), m.start() + 60))));
        }
    }
}
