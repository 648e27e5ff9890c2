package vn.bcci.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Time;

import vn.bcci.contracts.TopicAccess;
import vn.bcci.contracts.Topics;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running in this JVM. The same code serves the
 * tests (random ports, temporary directory) and the local stack (fixed port, persistent directory).
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String CLUSTER_ID = "YmNjaS1sb2NhbC1rcmFmdA";

    /** The broker's own user when it is secured: the one super user, which creates topics, users and ACLs. */
    public static final String ADMIN = "admin";
    private static final String SCRAM = "SCRAM-SHA-512";

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    /** The admin's password when clients must sign in (SASL/SCRAM) and are held to ACLs; null for plaintext. */
    private final String adminPassword;
    private KafkaRaftServer server;

    private KafkaBroker(int port, Path logDir, String adminPassword) {
        this.port = port;
        this.controllerPort = FreePort.next();
        this.logDir = logDir;
        this.adminPassword = adminPassword;
    }

    /** Starts a broker on the given port (0 for a free one), keeping its data in {@code logDir}. */
    public static KafkaBroker start(int port, Path logDir) {
        KafkaBroker broker = new KafkaBroker(port == 0 ? FreePort.next() : port, logDir, null);
        broker.startServer();
        return broker;
    }

    /**
     * Starts a broker as production runs one (deploy/k8s: Strimzi's {@code scram-sha-512} listener and simple
     * authorization): every client signs in with SASL/SCRAM-SHA-512 and may only do what an ACL allows. The only user
     * is {@link #ADMIN}, a super user; {@link #grantPlatformAccess} adds the platform's users and their ACLs.
     */
    public static KafkaBroker startSecured(int port, Path logDir, String adminPassword) {
        KafkaBroker broker = new KafkaBroker(port == 0 ? FreePort.next() : port, logDir, adminPassword);
        broker.startServer();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public boolean secured() {
        return adminPassword != null;
    }

    /** What a client needs to reach this broker as the admin (a super user when secured). */
    public Map<String, Object> adminClientConfig() {
        return secured()
                ? clientConfig(ADMIN, adminPassword)
                : Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    }

    /** What a client needs to reach this secured broker as {@code user}. */
    public Map<String, Object> clientConfig(String user, String password) {
        return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, SCRAM,
                SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
    }

    /** The JAAS line of a SCRAM sign-in, as Strimzi puts it in a KafkaUser's secret ({@code sasl.jaas.config}). */
    public static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /**
     * Creates the users of {@link TopicAccess} with the given passwords and grants each exactly its row of the table:
     * WRITE on the topics it writes, READ on the topics it reads and on its consumer group. Idempotent.
     */
    public void grantPlatformAccess(Map<String, String> passwords) {
        try (Admin admin = Admin.create(adminClientConfig())) {
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            List<AclBinding> acls = new ArrayList<>();
            for (TopicAccess.Grant grant : TopicAccess.GRANTS) {
                String password = passwords.get(grant.user());
                if (password == null) {
                    throw new IllegalArgumentException("no password for broker user " + grant.user());
                }
                users.add(new UserScramCredentialUpsertion(grant.user(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password));
                String principal = "User:" + grant.user();
                grant.writes().forEach(topic -> acls.add(allow(ResourceType.TOPIC, topic, principal,
                        AclOperation.WRITE)));
                grant.reads().forEach(topic -> acls.add(allow(ResourceType.TOPIC, topic, principal,
                        AclOperation.READ)));
                grant.group().ifPresent(group -> acls.add(allow(ResourceType.GROUP, group, principal,
                        AclOperation.READ)));
            }
            admin.alterUserScramCredentials(users).all().get();
            admin.createAcls(acls).all().get();
            awaitInEffect(admin, acls.size(), passwords);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot grant the platform's broker access", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Users and ACLs reach the broker through the metadata log a moment after the controller took them: a client that
     * signs in at once can be refused (a CI run saw "invalid credentials"). Waits until the broker holds every ACL and
     * takes every user's sign-in.
     */
    private void awaitInEffect(Admin admin, int aclCount, Map<String, String> passwords)
            throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (admin.describeAcls(AclBindingFilter.ANY).values().get().size() < aclCount) {
            pause(deadline, "the broker's ACLs");
        }
        for (TopicAccess.Grant grant : TopicAccess.GRANTS) {
            Map<String, Object> config = new java.util.HashMap<>(clientConfig(grant.user(),
                    passwords.get(grant.user())));
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
            while (true) {
                try (Admin as = Admin.create(config)) {
                    as.describeCluster().clusterId().get();
                    break;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.SaslAuthenticationException)) {
                        throw e;
                    }
                    pause(deadline, grant.user() + "'s sign-in");
                }
            }
        }
    }

    private static void pause(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(what + " not in effect on the broker within 60 s");
        }
        Thread.sleep(100);
    }

    private static AclBinding allow(ResourceType type, String name, String principal, AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    public int port() {
        return port;
    }

    /** Starts a stopped broker again on the same ports and data: what a broker restart looks like to clients. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    private void startServer() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String clients = secured() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        props.put("listeners", clients + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", clients + "://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", clients + ":" + clients + ",CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", clients);
        if (secured()) {
            props.put("sasl.enabled.mechanisms", SCRAM);
            props.put("sasl.mechanism.inter.broker.protocol", SCRAM);
            props.put("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config", jaas(ADMIN, adminPassword));
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // the controller listener (loopback, plaintext) speaks as ANONYMOUS: the broker's own requests to it
            props.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
            props.put("allow.everyone.if.no.acl.found", "false");
        }
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("num.partitions", "3");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(props);
            }
            server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
            server.startup();
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Kafka log directory " + logDir, e);
        }
    }

    private void format(Properties props) throws IOException {
        Path config = Files.createTempFile("kafka-format", ".properties");
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "kafka storage format");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("format", "-t", CLUSTER_ID, "-c", config.toString()));
        if (secured()) { // the admin exists from the start: it signs in to create everything else
            args.addAll(List.of("--add-scram", SCRAM + "=[name=" + ADMIN + ",password=" + adminPassword + "]"));
        }
        int exit = StorageTool.execute(args.toArray(String[]::new),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        Files.deleteIfExists(config);
        if (exit != 0) {
            throw new IllegalStateException("formatting Kafka storage failed: " + output);
        }
    }

    /** Creates the topics (idempotently) and waits until they exist. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        try (Admin admin = Admin.create(adminClientConfig())) {
            Set<String> existing = admin.listTopics().names().get();
            Collection<NewTopic> missing = partitionsByTopic.entrySet().stream()
                    .filter(e -> !existing.contains(e.getKey()))
                    .map(e -> new NewTopic(e.getKey(), e.getValue(), (short) 1))
                    .collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + partitionsByTopic.keySet(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The topics of docs/architecture.md with their partition counts, every consumer's dead letters included. */
    public void createPlatformTopics() {
        createTopics(PlatformTopics.PARTITIONS);
    }

    /** Stops the broker; {@link #restart()} brings it back. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Topic names of docs/architecture.md and the partitions the local stack gives them. */
    public static final class PlatformTopics {
        public static final Map<String, Integer> PARTITIONS = TopicAccess.allTopics().stream()
                .collect(Collectors.toUnmodifiableMap(t -> t, Topics::partitions));

        private PlatformTopics() {
        }
    }
}
