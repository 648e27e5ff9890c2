package vn.bcci.systemtest;

import static io.restassured.RestAssured.given;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import vn.bcci.infra.Deletes;
import vn.bcci.infra.FreePort;
import vn.bcci.infra.LocalStack;

/**
 * One local stack (real broker, database, simulator, token issuer and the three packaged services on free ports) for
 * every system test class of the run, stopped when the run ends. {@code @ExtendWith(SystemStack.class)}.
 */
public final class SystemStack implements BeforeAllCallback {
    private static LocalStack stack;
    private static LocalStack.Ports ports;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SystemStack.class) {
            if (stack != null) {
                return;
            }
            Path root = Path.of(System.getProperty("bcci.root", "..")).toAbsolutePath().normalize();
            Path data = root.resolve("system-tests/target/stack");
            Deletes.recursively(data);
            ports = new LocalStack.Ports(FreePort.next(), FreePort.next(), FreePort.next(), FreePort.next(),
                    FreePort.next(), FreePort.next(), FreePort.next());
            LocalStack started = new LocalStack(root, data, ports);
            stack = started;
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(SystemStack.class,
                    (ExtensionContext.Store.CloseableResource) started::stop);
            started.start();
        }
    }

    public static LocalStack stack() {
        return stack;
    }

    public static LocalStack.Ports ports() {
        return ports;
    }

    public static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The Standard Webhooks headers of a VNPost push of {@code body}, signed as VNPost signs. */
    public static java.util.Map<String, String> signed(String body) {
        return new vn.bcci.support.webhooks.StandardWebhooks(stack.trackingWebhookSecret()).headers(
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
        return "Bearer " + given().formParam("grant_type", "client_credentials").formParam("client_id", client)
                .formParam("client_secret", client + "-secret")
                .post(url(ports.issuer(), "/oauth2/token"))
                .then().statusCode(200).extract().path("access_token");
    }
}
