package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import vn.bcci.infra.Deletes;
import vn.bcci.infra.FreePort;
import vn.bcci.infra.LocalStack;

/**
 * One local stack (real broker, database, simulator, token issuer and the three packaged services on free ports) per
 * test JVM, shared by the system test classes that JVM runs and stopped when it ends; the suite runs several such JVMs
 * side by side (system-tests/pom.xml). {@code @ExtendWith(SystemStack.class)}.
 */
public final class SystemStack implements BeforeAllCallback {
    private static LocalStack stack;
    private static LocalStack.Ports ports;
    private static SpanCollector spans;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SystemStack.class) {
            if (stack != null) {
                return;
            }
            Path root = Path.of(System.getProperty("bcci.root", "..")).toAbsolutePath().normalize();
            // a directory per surefire fork: the forks run stacks side by side
            Path data = Path.of(System.getProperty("bcci.stack.data", root.resolve("system-tests/target/stack")
                    .toString()));
            Deletes.recursively(data);
            ports = new LocalStack.Ports(FreePort.next(), FreePort.next(), FreePort.next(), FreePort.next(),
                    FreePort.next(), FreePort.next(), FreePort.next());
            spans = new SpanCollector();
            LocalStack started = new LocalStack(root, data, ports)
                    // the broker as production runs it: each service signs in as its own user, held to its ACLs
                    .secureKafka()
                    // the shipment watch every few seconds, not every minute: the console's stalled-item alert
                    .with("TRACKING_WATCH_EVERY", "5s").with("TRACKING_WATCH_DELAY", "5s")
                    // the clients a door refused reported every few seconds, not every minute (AsyncApiTest)
                    .with("BCCI_QUOTA_REPORT_EVERY", "5s")
                    // traces exported to the test's own OTLP receiver, as to a collector (TraceTest); only those a
                    // caller asked for (a sampled traceparent): the other tests' load records nothing
                    .with("OTEL_SDK_DISABLED", "false").with("OTEL_EXPORTER_OTLP_ENDPOINT", spans.endpoint())
                    .with("OTEL_TRACES_SAMPLER_ARG", "0.0")
                    .with("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf").with("OTEL_BSP_SCHEDULE_DELAY", "500ms")
                    // JSON log records, as a log collector reads them (TraceTest reads their trace and span ids)
                    .with("LOG_JSON", "true");
            stack = started;
            // stopped when the JVM ends, not with JUnit's root context: a surefire fork runs each test class as a
            // launch of its own, and the next class of the fork uses the same stack
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "system-stack-stop"));
            started.start();
        }
    }

    public static LocalStack stack() {
        return stack;
    }

    /** The spans the stack's services exported. */
    public static SpanCollector spans() {
        return spans;
    }

    public static LocalStack.Ports ports() {
        return ports;
    }

    public static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The Standard Webhooks headers of a VNPost push of {@code body}, signed as VNPost signs. */
    public static java.util.Map<String, String> signed(String body) {
        return signed(stack.trackingWebhookSecret(), body);
    }

    /** The Standard Webhooks headers of a VNPost push of {@code body}, signed with {@code secret}. */
    public static java.util.Map<String, String> signed(String secret, String body) {
        return new vn.bcci.support.webhooks.StandardWebhooks(secret).headers(
                "msg_" + java.util.UUID.randomUUID(), java.time.Instant.now(),
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** A request of VNPost's push of {@code body}, signed. */
    public static io.restassured.specification.RequestSpecification pushSigned(String vnpostBearer, String body) {
        return given().header("Authorization", vnpostBearer).contentType(io.restassured.http.ContentType.JSON)
                .headers(signed(body)).body(body);
    }

    /** A bearer token of one of the token issuer's demo clients. */
    public static String bearer(String client) {
        return bearer(ports.issuer(), client);
    }

    /** A bearer token of a demo client, from the token issuer on {@code issuerPort} (a stack of a test's own). */
    public static String bearer(int issuerPort, String client) {
        return "Bearer " + given().formParam("grant_type", "client_credentials").formParam("client_id", client)
                .formParam("client_secret", client + "-secret")
                .post(url(issuerPort, "/oauth2/token"))
                .then().statusCode(200).extract().path("access_token");
    }
}
