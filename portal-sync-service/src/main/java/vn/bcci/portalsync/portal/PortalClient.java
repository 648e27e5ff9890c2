package vn.bcci.portalsync.portal;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Speaks docs/portal-api.md: one session obtained once and reused, renewed on {@code -1} with the same call repeated; the
 * {@code dstcode} header on every call; never faster than the agreed rate, all instances together ({@link PortalPace}). Business answers ({@code 0}, {@code 2},
 * {@code 3}, {@code 4}) are returned to the caller; everything that means "try later" is a {@link PortalUnavailable}.
 */
@ApplicationScoped
public class PortalClient {
    private static final Logger LOG = Logger.getLogger(PortalClient.class);
    /** How long every instance holds back after a 429 without Retry-After, or a busy (9) answer. */
    private static final Duration BUSY_PAUSE = Duration.ofSeconds(1);

    private final PortalApi api;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final String username;
    private final String password;
    private final String dstCode;
    private final PortalPace pace;
    private final PortalAnswerLog answers;
    private volatile String session;

    public PortalClient(@RestClient PortalApi api, ObjectMapper json, MeterRegistry metrics, PortalConfig config,
            PortalPace pace, PortalAnswerLog answers) {
        this.api = api;
        this.answers = answers;
        this.pace = pace;
        this.json = json;
        this.metrics = metrics;
        this.username = config.username();
        this.password = config.password();
        this.dstCode = config.dstCode();
    }

    /** A new request body for {@code service} on behalf of agency {@code madonvi}. */
    public ObjectNode body(String service, String madonvi) {
        ObjectNode body = json.createObjectNode();
        body.put("madonvi", madonvi);
        body.put("service", service);
        return body;
    }

    /**
     * {@code TraCuuHoSo}: the dossier as the portal holds it (with its {@code TienDo}), or a missing node when it
     * holds nothing.
     */
    public JsonNode lookUp(String madonvi, String dossierCode) throws PortalUnavailable {
        ObjectNode body = body("TraCuuHoSo", madonvi);
        body.put("mahoso", dossierCode);
        return call(body).path("result").path(0);
    }

    /** Calls a service; the answer's {@code error_code} is {@code 0}, {@code 2}, {@code 3} or {@code 4}. */
    public JsonNode call(ObjectNode body) throws PortalUnavailable {
        String service = body.path("service").asText();
        for (int attempt = 0; attempt < 2; attempt++) {
            body.put("session", session());
            JsonNode answer = post(service, false, body);
            String code = answer.path("error_code").asText("");
            counted(service, body, code);
            if ("-1".equals(code)) {
                session = null;
                metrics.counter("portal.session.renewals").increment();
                LOG.info("portal session expired: logging in again");
                continue;
            }
            if ("9".equals(code)) {
                pace.pauseAll(BUSY_PAUSE);
                throw new PortalUnavailable("portal busy (9) on " + service, null);
            }
            return answer;
        }
        throw new PortalUnavailable("the portal refused two fresh sessions in a row", null);
    }

    private String session() throws PortalUnavailable {
        String current = session;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (session == null) {
                ObjectNode body = json.createObjectNode();
                body.put("username", username);
                body.put("password", password);
                JsonNode answer = post("login", true, body);
                String code = answer.path("error_code").asText("");
                counted("login", body, code);
                if (!"0".equals(code) || answer.path("session").asText("").isEmpty()) {
                    // wrong credentials are a configuration fault: keep retrying slowly, loudly
                    LOG.errorf("portal login refused (%s): %s", code, answer.path("message").asText());
                    throw new PortalUnavailable("login refused: " + answer.path("message").asText(),
                            Duration.ofSeconds(30));
                }
                session = answer.get("session").asText();
            }
            return session;
        }
    }

    private JsonNode post(String service, boolean login, JsonNode body) throws PortalUnavailable {
        pace.awaitSlot();
        try (Response response = login ? api.login(dstCode, body) : api.service(dstCode, body)) {
            int status = response.getStatus();
            if (status == 429) {
                counted(service, body, "http429");
                Duration retryAfter = retryAfter(response);
                pace.pauseAll(retryAfter != null ? retryAfter : BUSY_PAUSE);
                throw new PortalUnavailable("rate limited (429) on " + service, retryAfter);
            }
            if (status >= 500) {
                counted(service, body, "http" + status);
                throw new PortalUnavailable("portal answered " + status + " on " + service, retryAfter(response));
            }
            if (status != 200) {
                counted(service, body, "http" + status);
                throw new PortalUnavailable("unexpected HTTP " + status + " on " + service + ": "
                        + response.readEntity(String.class), Duration.ofSeconds(10));
            }
            return response.readEntity(JsonNode.class);
        } catch (ProcessingException e) {
            counted(service, body, "timeout");
            throw new PortalUnavailable("no answer on " + service + ": " + e.getMessage(), null);
        }
    }

    /** One answer of the portal: the metric, and the per-minute counts the console's chart reads. */
    private void counted(String service, JsonNode body, String answer) {
        metrics.counter("portal.calls", "service", service, "answer", answer).increment();
        answers.count(body.path("madonvi").asText(""), answer.isEmpty() ? "none" : answer);
    }

    private static Duration retryAfter(Response response) {
        String value = response.getHeaderString("Retry-After");
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
