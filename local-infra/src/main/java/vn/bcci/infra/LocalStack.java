package vn.bcci.infra;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import vn.bcci.contracts.TopicAccess;
import vn.bcci.portalsim.PortalSimulator;
import vn.bcci.tokens.TokenIssuer;

/**
 * The whole system on this machine: a real Kafka broker (KRaft) and a real PostgreSQL in this process, the portal
 * simulator and the development token issuer, and the three services as child processes. Data stays in
 * {@code .local-stack/} across restarts ({@code --clean} starts from nothing). Ctrl-C stops the services first, then
 * the simulator, the issuer, the broker and the database, and leaves no process behind.
 */
public final class LocalStack {

    /** Where everything listens. {@link #DEFAULT} are the ports of docs/architecture.md. */
    public record Ports(int kafka, int postgres, int issuer, int portal, int dossier, int postal, int portalSync) {
        public static final Ports DEFAULT = new Ports(9092, 15432, 8088, 8089, 8081, 8082, 8083);
    }

    record ServiceSpec(String name, int port, String database) {
    }

    /**
     * One copy of a service: its number (1, 2, …) and its port. The first has the service's port of {@link Ports}; the
     * others 100, 200, … above it in the default stack, or free ports.
     */
    public record Instance(String service, int number, int port) {
        String logName() {
            return number == 1 ? service : service + "-" + number;
        }

        @Override
        public String toString() {
            return number == 1 ? service : service + " #" + number;
        }
    }

    private final Path root;
    private final Path data;
    private final Ports ports;
    private final List<ServiceSpec> specs;
    private final List<Instance> instances = new ArrayList<>();
    /** The process of each instance, in the order of {@link #instances}. */
    private final List<Process> services = new ArrayList<>();
    /** Settings every service gets on top of the stack's own (environment variables). */
    private final Map<String, String> settings = new java.util.concurrent.ConcurrentHashMap<>();
    private KafkaBroker kafka;
    private boolean secureKafka;
    private final Map<String, String> kafkaPasswords = new java.util.concurrent.ConcurrentHashMap<>();
    private Postgres postgres;
    private TokenIssuer issuer;
    private PortalSimulator portal;
    private String trackingWebhookSecret;

    /**
     * @param root the project folder (the services' runnable jars are read from it)
     * @param data where data and logs are kept
     */
    public LocalStack(Path root, Path data, Ports ports) {
        this(root, data, ports, 1);
    }

    /** A stack running {@code copies} instances of each service, against the same broker and databases. */
    public LocalStack(Path root, Path data, Ports ports, int copies) {
        if (copies < 1 || copies > 9) {
            throw new IllegalArgumentException("instances per service: 1 to 9, not " + copies);
        }
        this.root = root;
        this.data = data;
        this.ports = ports;
        this.specs = List.of(
                new ServiceSpec("dossier-service", ports.dossier(), "dossier"),
                new ServiceSpec("postal-tracking-service", ports.postal(), "postal"),
                new ServiceSpec("portal-sync-service", ports.portalSync(), "portalsync"));
        for (ServiceSpec spec : specs) {
            for (int n = 1; n <= copies; n++) {
                int port = n == 1
                        ? spec.port()
                        : ports.equals(Ports.DEFAULT) ? spec.port() + 100 * (n - 1) : FreePort.next();
                instances.add(new Instance(spec.name(), n, port));
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bcci.root", ".")).toAbsolutePath().normalize();
        List<String> arguments = List.of(args);
        int copies = 1;
        int at = arguments.indexOf("--instances");
        if (at >= 0) {
            try {
                copies = Integer.parseInt(arguments.get(at + 1));
            } catch (IndexOutOfBoundsException | NumberFormatException e) {
                say("--instances takes a number of instances per service, 1 to 9");
                System.exit(2);
            }
        }
        LocalStack stack = new LocalStack(root, root.resolve(".local-stack"), Ports.DEFAULT, copies);
        if (arguments.contains("--secure-kafka")) {
            stack.secureKafka();
        }
        if (List.of(args).contains("--clean")) {
            say("--clean: removing " + stack.data);
            Deletes.recursively(stack.data);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.stop();
            stopped.countDown();
        }, "local-stack-stop"));
        long started = System.nanoTime();
        try {
            stack.start();
        } catch (RuntimeException | IOException e) {
            say("FAILED: " + e.getMessage());
            System.exit(1);
        }
        stack.printWelcome(Duration.ofNanos(System.nanoTime() - started));
        stack.readCommands(System.in);
        stopped.await();
    }

    /** Starts everything; throws, naming what failed, when a part does not come up. */
    public void start() throws IOException {
        Files.createDirectories(data.resolve("logs"));
        trackingWebhookSecret = trackingWebhookSecret(data);
        say("starting PostgreSQL on 127.0.0.1:" + ports.postgres() + " (data in " + data.resolve("postgres") + ")");
        postgres = Postgres.start(ports.postgres(), data.resolve("postgres"));
        specs.forEach(s -> postgres.ensureDatabase(s.database()));
        if (secureKafka) {
            say("starting Kafka (KRaft) on 127.0.0.1:" + ports.kafka() + ", SASL/SCRAM sign-in and ACLs (passwords in "
                    + data.resolve("kafka-users") + ")");
            Files.createDirectories(data.resolve("kafka-users"));
            kafka = KafkaBroker.startSecured(ports.kafka(), data.resolve("kafka"), kafkaPassword(KafkaBroker.ADMIN));
            kafka.createPlatformTopics();
            Map<String, String> passwords = new java.util.HashMap<>();
            for (TopicAccess.Grant grant : TopicAccess.GRANTS) {
                passwords.put(grant.user(), kafkaPassword(grant.user()));
            }
            kafka.grantPlatformAccess(passwords);
        } else {
            say("starting Kafka (KRaft) on 127.0.0.1:" + ports.kafka());
            kafka = KafkaBroker.start(ports.kafka(), data.resolve("kafka"));
            kafka.createPlatformTopics();
        }
        issuer = TokenIssuer.start(ports.issuer(), data.resolve("token-issuer"));
        say("token issuer on " + issuer.baseUrl());
        portal = PortalSimulator.start(ports.portal());
        say("portal simulator on " + portal.baseUrl());
        for (Instance instance : instances) {
            services.add(launch(instance));
        }
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            Instance instance = instances.get(i);
            if (awaitReady(instance, services.get(i), log(instance))) {
                say(instance + " ready on http://127.0.0.1:" + instance.port());
            } else {
                failed.add(instance.toString());
                say("FAILED: " + instance + " did not become ready; last lines of its log:");
                tail(log(instance), 30);
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("services that did not start: " + failed + " (logs in "
                    + data.resolve("logs") + ")");
        }
    }

    /**
     * How a service's JVM runs here, sized for the 200 MB per service the platform is held to: a small heap that grows
     * only when needed and gives memory back after a collection, the serial collector (no parallel GC threads on a
     * small machine), a bounded code cache, the C1 compiler only (on two cores shared by everything, C2 spent more CPU
     * compiling than it saved in the benchmark's runs, and its memory kept the services above 300 MB; SystemBench with
     * and without it), native memory given back to the system every 5 s. The same flags are in each service's
     * {@code Dockerfile.jvm}. The environment variable {@code SERVICE_JVM_FLAGS} replaces them (to try others with
     * the benchmark).
     */
    static final List<String> SERVICE_JVM_FLAGS = List.of("-Xms32m", "-Xmx128m", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=64m",
            "-XX:TieredStopAtLevel=1", "-XX:TrimNativeHeapInterval=5000");

    /** The log file of a service's first instance (what it writes to its console). */
    public Path logOf(String service) {
        return log(instancesOf(service).get(0));
    }

    /** The log files of every instance of a service, in instance order. */
    public List<Path> logsOf(String service) {
        return instancesOf(service).stream().map(this::log).toList();
    }

    private Path log(Instance instance) {
        return data.resolve("logs").resolve(instance.logName() + ".log");
    }

    private ServiceSpec spec(Instance instance) {
        return specs.stream().filter(s -> s.name().equals(instance.service())).findFirst().orElseThrow();
    }

    private Process launch(Instance instance) throws IOException {
        ServiceSpec spec = spec(instance);
        Path jar = root.resolve(spec.name()).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw install -DskipTests)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java));
        String override = System.getenv("SERVICE_JVM_FLAGS");
        command.addAll(override == null || override.isBlank()
                ? SERVICE_JVM_FLAGS
                : List.of(override.trim().split("\\s+")));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        // glibc gives every thread that mallocs its own 64 MB arena; two are plenty for a JVM (the heap is not malloc)
        env.put("MALLOC_ARENA_MAX", "2");
        env.put("PORT", Integer.toString(instance.port()));
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + spec.database());
        env.put("DB_USER", Postgres.USER);
        env.put("DB_PASSWORD", Postgres.PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        if (kafka.secured()) { // as deploy/k8s gives each service its KafkaUser's sign-in
            env.put("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
            env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
            env.put("KAFKA_SASL_JAAS_CONFIG", KafkaBroker.jaas(spec.name(), kafkaPassword(spec.name())));
        }
        env.put("JWT_JWKS_URL", issuer.jwksUrl());
        env.put("JWT_ISSUER", issuer.issuer());
        env.put("CONSOLE_OIDC_URL", issuer.baseUrl());
        env.put("PORTAL_BASE_URL", portal.baseUrl());
        env.put("TRACKING_WEBHOOK_SECRET", trackingWebhookSecret);
        // each instance enforces its share of a client's quota, so the client's budget is the stack's (decision 0011)
        env.put("BCCI_QUOTA_INSTANCES", Integer.toString(instancesOf(spec.name()).size()));
        env.putAll(settings);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log(instance).toFile()));
        say("starting " + instance + " (log: " + log(instance) + ")");
        return pb.start();
    }

    /**
     * Waits until the instance is ready: 90 s, or as long as it is alive and migrating its database (Flyway's last
     * line in its log is "Migrating schema …": a migration over a year of history takes minutes; saying so every
     * 30 s), up to an hour.
     */
    private static boolean awaitReady(Instance instance, Process process, Path log) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(90);
        long migrationDeadline = started + TimeUnit.MINUTES.toNanos(60);
        long nextNote = started + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            if (migrating(log)) {
                deadline = Math.max(deadline, Math.min(migrationDeadline, System.nanoTime()
                        + TimeUnit.SECONDS.toNanos(90)));
                if (System.nanoTime() > nextNote) {
                    say(instance + " is still migrating its database ("
                            + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s)");
                    nextNote = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                }
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + instance.port() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            sleep(250);
        }
        return false;
    }

    /** Whether Flyway's last line in the log's tail says a migration is under way. */
    private static boolean migrating(Path log) {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, f.length() - 8192);
            byte[] tail = new byte[(int) (f.length() - from)];
            f.seek(from);
            f.readFully(tail);
            String text = new String(tail, java.nio.charset.StandardCharsets.UTF_8);
            int migrating = text.lastIndexOf("Migrating schema");
            return migrating >= 0 && text.indexOf("Successfully applied", migrating) < 0
                    && text.indexOf("Installed features", migrating) < 0;
        } catch (IOException e) {
            return false;
        }
    }

    public PortalSimulator portal() {
        return portal;
    }

    /**
     * Stops PostgreSQL in place the hard way (an immediate shutdown, as a crash would), the services left running:
     * what an outage of the database looks like to them. {@link #startPostgres} brings it back on the same port and
     * data, with crash recovery.
     */
    public synchronized void stopPostgres() {
        if (postgres != null) {
            say("stopping PostgreSQL (immediate shutdown)");
            postgres.crash(data.resolve("postgres"));
            postgres = null;
        }
    }

    /** Starts a stopped PostgreSQL again on the same port and data. */
    public synchronized void startPostgres() {
        if (postgres == null) {
            say("starting PostgreSQL again on 127.0.0.1:" + ports.postgres());
            postgres = Postgres.start(ports.postgres(), data.resolve("postgres"));
        }
    }

    /** Stops the broker in place, the services left running. {@link #startKafka} brings it back. */
    public synchronized void stopKafka() {
        if (kafka != null) {
            say("stopping Kafka");
            kafka.close();
        }
    }

    /** Starts a stopped broker again on the same ports and data. */
    public synchronized void startKafka() {
        if (kafka != null) {
            say("starting Kafka again on 127.0.0.1:" + ports.kafka());
            kafka.restart();
        }
    }

    /**
     * The local stack's console: {@code postgres stop|start} and {@code kafka stop|start} take a dependency away and
     * bring it back under the running services; {@code kill SERVICE [N]} kills an instance the hard way and
     * {@code restart SERVICE [N]} starts it again; anything else lists them.
     */
    void readCommands(java.io.InputStream in) {
        Thread console = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null;) {
                    String[] words = line.trim().split("\\s+");
                    switch (line.trim()) {
                        case "postgres stop" -> stopPostgres();
                        case "postgres start" -> startPostgres();
                        case "kafka stop" -> stopKafka();
                        case "kafka start" -> startKafka();
                        case "" -> {
                        }
                        default -> {
                            if (words.length >= 2 && (words[0].equals("kill") || words[0].equals("restart"))) {
                                instanceCommand(words);
                            } else {
                                say("commands: postgres stop|start, kafka stop|start, kill SERVICE [N] (kill -9), "
                                        + "restart SERVICE [N]");
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                say("console: " + e.getMessage());
            }
        }, "local-stack-console");
        console.setDaemon(true);
        console.start();
    }

    /**
     * A setting every service of this stack is started with (an environment variable, e.g. the portal's agreed rate
     * {@code PORTAL_MAX_CALLS_PER_SECOND}); before {@link #start}, or for the instances started after.
     */
    public LocalStack with(String variable, String value) {
        settings.put(variable, value);
        return this;
    }

    /**
     * Runs the broker as production does (before {@link #start}): every client signs in with SASL/SCRAM and is held to
     * its row of {@link TopicAccess}; each service gets its own user's sign-in. {@code ./run-local.sh --secure-kafka}.
     */
    public LocalStack secureKafka() {
        this.secureKafka = true;
        return this;
    }

    /**
     * What a client of a test or a tool needs to reach this stack's broker as {@code user} (a user of
     * {@link TopicAccess}, or {@link KafkaBroker#ADMIN}); just the address when the broker is not secured.
     */
    public Map<String, Object> kafkaClientConfig(String user) {
        if (!kafka.secured()) {
            return kafka.adminClientConfig();
        }
        return KafkaBroker.ADMIN.equals(user)
                ? kafka.adminClientConfig()
                : kafka.clientConfig(user, kafkaPassword(user));
    }

    /** A broker user's password: kept in the data folder, so that a restart (the broker keeps its users) finds it. */
    private String kafkaPassword(String user) {
        return kafkaPasswords.computeIfAbsent(user, u -> {
            try {
                return keptSecret(data.resolve("kafka-users").resolve(u), "");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Instances per service. */
    public int copies() {
        return instances.size() / specs.size();
    }

    /** The instances of one service, first to last. */
    public List<Instance> instancesOf(String service) {
        List<Instance> of = instances.stream().filter(i -> i.service().equals(service)).toList();
        if (of.isEmpty()) {
            throw new IllegalArgumentException("no service " + service + " in the stack");
        }
        return of;
    }

    /** The port of a service's instance {@code number} (from 1). */
    public int port(String service, int number) {
        return instancesOf(service).get(number - 1).port();
    }

    /** {@code kill SERVICE [N]} or {@code restart SERVICE [N]} from the console. */
    private void instanceCommand(String[] words) {
        try {
            int number = words.length > 2 ? Integer.parseInt(words[2]) : 1;
            if (words[0].equals("kill")) {
                kill(words[1], number);
            } else {
                restart(words[1], number);
            }
        } catch (IOException | RuntimeException e) {
            say(String.join(" ", words) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a killed or stopped service (its first instance) again without waiting for it to become ready. */
    public void launch(String service) throws IOException {
        launch(service, 1);
    }

    /** Starts a killed or stopped instance again without waiting for it to become ready. */
    public synchronized void launch(String service, int number) throws IOException {
        int i = indexOf(service, number);
        if (services.get(i).isAlive()) {
            throw new IllegalStateException(instances.get(i) + " is still running");
        }
        services.set(i, launch(instances.get(i)));
    }

    /** Whether the service's (first instance's) process is running (not whether it is ready). */
    public boolean alive(String service) {
        return alive(service, 1);
    }

    public synchronized boolean alive(String service, int number) {
        return services.get(indexOf(service, number)).isAlive();
    }

    /** Kills a service (its first instance) the hard way (SIGKILL), as a crash would. */
    public void kill(String service) throws InterruptedException {
        kill(service, 1);
    }

    /** Kills one instance the hard way (SIGKILL: no shutdown hook, no graceful close), as a crash would. */
    public synchronized void kill(String service, int number) throws InterruptedException {
        int i = indexOf(service, number);
        say("killing " + instances.get(i));
        services.get(i).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts a killed or stopped service (its first instance) again and waits until it is ready. */
    public void restart(String service) throws IOException {
        restart(service, 1);
    }

    /** Starts a killed or stopped instance again and waits until it is ready. */
    public synchronized void restart(String service, int number) throws IOException {
        int i = indexOf(service, number);
        Instance instance = instances.get(i);
        if (services.get(i).isAlive()) {
            throw new IllegalStateException(instance + " is still running");
        }
        services.set(i, launch(instance));
        if (!awaitReady(instance, services.get(i), log(instance))) {
            tail(log(instance), 30);
            throw new IllegalStateException(instance + " did not become ready after a restart");
        }
        say(instance + " ready again");
    }

    private int indexOf(String service, int number) {
        return instances.indexOf(instancesOf(service).get(number - 1));
    }

    public TokenIssuer tokenIssuer() {
        return issuer;
    }

    /** Services first (they hold consumers), then the parts they stand on. */
    public synchronized void stop() {
        if (services.isEmpty() && kafka == null && postgres == null) {
            return;
        }
        say("stopping services");
        services.forEach(Process::destroy);
        for (Process p : services) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }
        services.clear();
        if (portal != null) {
            portal.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (kafka != null) {
            say("stopping Kafka");
            kafka.close();
            kafka = null;
        }
        if (postgres != null) {
            say("stopping PostgreSQL");
            postgres.close();
            postgres = null;
        }
        say("stopped; data kept in " + data + " (start with --clean to drop it)");
    }

    /** The file that holds the secret VNPost's pushes are signed with, in a stack's data folder. */
    public static Path trackingWebhookSecretFile(Path data) {
        return data.resolve("tracking-webhook-secret");
    }

    /**
     * The secret VNPost's pushes to postal-tracking-service are signed with: {@code TRACKING_WEBHOOK_SECRET} from the
     * environment when set, else the one kept in the data folder, else a new random one written there (and printed),
     * so that a restart keeps it and scripts and the benchmark can read it.
     */
    static String trackingWebhookSecret(Path data) throws IOException {
        String fromEnvironment = System.getenv("TRACKING_WEBHOOK_SECRET");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        return keptSecret(trackingWebhookSecretFile(data), "whsec_");
    }

    /** The secret kept in {@code file}, else a new random one (32 bytes, base64 after {@code prefix}) written there. */
    private static String keptSecret(Path file, String prefix) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String secret = prefix + java.util.Base64.getEncoder().encodeToString(key);
        Files.writeString(file, secret + "\n");
        return secret;
    }

    /** The secret this stack's postal-tracking-service checks VNPost's pushes with. */
    public String trackingWebhookSecret() {
        return trackingWebhookSecret;
    }

    private void printWelcome(Duration took) {
        System.out.print(welcome(took));
    }

    /** What the stack prints once it is up: where everything is, and how to use it. */
    String welcome(Duration took) {
        String token = "curl -s -X POST http://127.0.0.1:8088/oauth2/token -d grant_type=client_credentials "
                + "-d client_id=agency-h22 -d client_secret=agency-h22-secret";
        return """

                ===========================================================================================
                 BCCI dossier status platform: local stack up in %.1f s (Ctrl-C stops everything)
                -------------------------------------------------------------------------------------------
                 dossier-service          http://127.0.0.1:%s/q/swagger-ui   health /q/health  metrics /q/metrics
                 postal-tracking-service  http://127.0.0.1:%s/q/swagger-ui
                 portal-sync-service      http://127.0.0.1:%s/q/swagger-ui
                 portal simulator         http://127.0.0.1:8089/_sim/dossiers/{code}  (controls: POST /_sim/control)
                 token issuer             http://127.0.0.1:8088/.well-known/openid-configuration
                 Kafka 127.0.0.1:9092%s PostgreSQL 127.0.0.1:15432 (user postgres; dbs dossier, postal, portalsync)
                 data and logs            %s
                -------------------------------------------------------------------------------------------
                 a token:  TOKEN=$(%s | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                 clients:  agency-h22, agency-g12, vnpost, operator (secret: <client>-secret)
                 instances %s
                 faults:   type postgres stop|start, kafka stop|start (the services keep running),
                           kill SERVICE [N] (kill -9 an instance), restart SERVICE [N]
                 VNPost pushes are signed with %s
                   (kept in %s; sign a body: postal-tracking-service/sign-push.sh FILE)
                ===========================================================================================
                %n""".formatted(took.toMillis() / 1000.0,
                port("dossier-service", 1), port("postal-tracking-service", 1), port("portal-sync-service", 1),
                secureKafka ? " (SCRAM, users in " + data.resolve("kafka-users") + ")" : "    ",
                data, token, instancesLine(), trackingWebhookSecret, trackingWebhookSecretFile(data));
    }

    /** Each service's instances and their ports: "1 per service" or "2 per service: dossier-service 8081, 8181; …". */
    private String instancesLine() {
        if (copies() == 1) {
            return "1 per service (./run-local.sh --instances 2 for two of each)";
        }
        StringBuilder b = new StringBuilder(copies() + " per service:");
        for (ServiceSpec spec : specs) {
            b.append(' ').append(spec.name()).append(' ').append(String.join(", ", instancesOf(spec.name()).stream()
                    .map(i -> Integer.toString(i.port())).toList())).append(';');
        }
        return b.substring(0, b.length() - 1);
    }

    private static void tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(l -> System.out.println("    " + l));
        } catch (IOException e) {
            say("(no log at " + log + ")");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void say(String line) {
        System.out.println("[local-stack] " + line);
    }
}
