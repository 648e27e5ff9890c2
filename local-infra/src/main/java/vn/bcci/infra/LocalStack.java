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

    private final Path root;
    private final Path data;
    private final Ports ports;
    private final List<ServiceSpec> specs;
    private final List<Process> services = new ArrayList<>();
    private KafkaBroker kafka;
    private Postgres postgres;
    private TokenIssuer issuer;
    private PortalSimulator portal;
    private String trackingWebhookSecret;

    /**
     * @param root the project folder (the services' runnable jars are read from it)
     * @param data where data and logs are kept
     */
    public LocalStack(Path root, Path data, Ports ports) {
        this.root = root;
        this.data = data;
        this.ports = ports;
        this.specs = List.of(
                new ServiceSpec("dossier-service", ports.dossier(), "dossier"),
                new ServiceSpec("postal-tracking-service", ports.postal(), "postal"),
                new ServiceSpec("portal-sync-service", ports.portalSync(), "portalsync"));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("bcci.root", ".")).toAbsolutePath().normalize();
        LocalStack stack = new LocalStack(root, root.resolve(".local-stack"), Ports.DEFAULT);
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
        say("starting Kafka (KRaft) on 127.0.0.1:" + ports.kafka());
        kafka = KafkaBroker.start(ports.kafka(), data.resolve("kafka"));
        kafka.createPlatformTopics();
        issuer = TokenIssuer.start(ports.issuer(), data.resolve("token-issuer"));
        say("token issuer on " + issuer.baseUrl());
        portal = PortalSimulator.start(ports.portal());
        say("portal simulator on " + portal.baseUrl());
        for (ServiceSpec spec : specs) {
            services.add(launch(spec));
        }
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            ServiceSpec spec = specs.get(i);
            if (awaitReady(spec, services.get(i))) {
                say(spec.name() + " ready on http://127.0.0.1:" + spec.port());
            } else {
                failed.add(spec.name());
                say("FAILED: " + spec.name() + " did not become ready; last lines of its log:");
                tail(data.resolve("logs").resolve(spec.name() + ".log"), 30);
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

    private Process launch(ServiceSpec spec) throws IOException {
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
        env.put("PORT", Integer.toString(spec.port()));
        env.put("HTTP_HOST", "127.0.0.1");
        env.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + spec.database());
        env.put("DB_USER", Postgres.USER);
        env.put("DB_PASSWORD", Postgres.PASSWORD);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("JWT_JWKS_URL", issuer.jwksUrl());
        env.put("JWT_ISSUER", issuer.issuer());
        env.put("PORTAL_BASE_URL", portal.baseUrl());
        env.put("TRACKING_WEBHOOK_SECRET", trackingWebhookSecret);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("logs").resolve(spec.name() + ".log")
                .toFile()));
        say("starting " + spec.name() + " (log: " + data.resolve("logs").resolve(spec.name() + ".log") + ")");
        return pb.start();
    }

    private static boolean awaitReady(ServiceSpec spec, Process process) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + spec.port()
                        + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
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
     * bring it back under the running services, {@code help} lists them.
     */
    void readCommands(java.io.InputStream in) {
        Thread console = new Thread(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null;) {
                    switch (line.trim()) {
                        case "postgres stop" -> stopPostgres();
                        case "postgres start" -> startPostgres();
                        case "kafka stop" -> stopKafka();
                        case "kafka start" -> startKafka();
                        case "" -> {
                        }
                        default -> say("commands: postgres stop | postgres start | kafka stop | kafka start");
                    }
                }
            } catch (IOException | RuntimeException e) {
                say("console: " + e.getMessage());
            }
        }, "local-stack-console");
        console.setDaemon(true);
        console.start();
    }

    /** Starts a killed or stopped service again without waiting for it to become ready. */
    public synchronized void launch(String service) throws IOException {
        int i = indexOf(service);
        if (services.get(i).isAlive()) {
            throw new IllegalStateException(service + " is still running");
        }
        services.set(i, launch(specs.get(i)));
    }

    /** Whether the service's process is running (not whether it is ready). */
    public synchronized boolean alive(String service) {
        return services.get(indexOf(service)).isAlive();
    }

    /** Kills a service the hard way (SIGKILL: no shutdown hook, no graceful close), as a crash would. */
    public synchronized void kill(String service) throws InterruptedException {
        int i = indexOf(service);
        say("killing " + service);
        services.get(i).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts a killed or stopped service again and waits until it is ready. */
    public synchronized void restart(String service) throws IOException {
        int i = indexOf(service);
        if (services.get(i).isAlive()) {
            throw new IllegalStateException(service + " is still running");
        }
        services.set(i, launch(specs.get(i)));
        if (!awaitReady(specs.get(i), services.get(i))) {
            tail(data.resolve("logs").resolve(service + ".log"), 30);
            throw new IllegalStateException(service + " did not become ready after a restart");
        }
        say(service + " ready again");
    }

    private int indexOf(String service) {
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(service)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no service " + service + " in the stack");
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
        Path file = trackingWebhookSecretFile(data);
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(key);
        Files.writeString(file, secret + "\n");
        return secret;
    }

    /** The secret this stack's postal-tracking-service checks VNPost's pushes with. */
    public String trackingWebhookSecret() {
        return trackingWebhookSecret;
    }

    private void printWelcome(Duration took) {
        String token = "curl -s -X POST http://127.0.0.1:8088/oauth2/token -d grant_type=client_credentials "
                + "-d client_id=agency-h22 -d client_secret=agency-h22-secret";
        System.out.printf("""

                ===========================================================================================
                 BCCI dossier status platform: local stack up in %.1f s (Ctrl-C stops everything)
                -------------------------------------------------------------------------------------------
                 dossier-service          http://127.0.0.1:8081/q/swagger-ui   health /q/health  metrics /q/metrics
                 postal-tracking-service  http://127.0.0.1:8082/q/swagger-ui
                 portal-sync-service      http://127.0.0.1:8083/q/swagger-ui
                 portal simulator         http://127.0.0.1:8089/_sim/dossiers/{code}  (controls: POST /_sim/control)
                 token issuer             http://127.0.0.1:8088/.well-known/openid-configuration
                 Kafka 127.0.0.1:9092     PostgreSQL 127.0.0.1:15432 (user postgres; dbs dossier, postal, portalsync)
                 data and logs            %s
                -------------------------------------------------------------------------------------------
                 a token:  TOKEN=$(%s | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
                 clients:  agency-h22, agency-g12, vnpost, operator (secret: <client>-secret)
                 outages:  type postgres stop|start or kafka stop|start here (the services keep running)
                 VNPost pushes are signed with %s
                   (kept in %s; sign a body: postal-tracking-service/sign-push.sh FILE)
                ===========================================================================================
                %n""", took.toMillis() / 1000.0, data, token, trackingWebhookSecret,
                trackingWebhookSecretFile(data));
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
