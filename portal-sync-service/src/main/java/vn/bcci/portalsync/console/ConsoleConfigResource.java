package vn.bcci.portalsync.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What the operator console's page needs before anyone signs in: where the OpenID Connect provider is and the console's
 * client id there (a public client: authorization code with PKCE, no secret). Locally the development token issuer;
 * in production the organisation's provider ({@code CONSOLE_OIDC_URL}, {@code CONSOLE_OIDC_CLIENT_ID}).
 */
@Path("/console/config.json")
public class ConsoleConfigResource {
    public record ConsoleConfig(String oidcUrl, String clientId) {
    }

    private final ConsoleConfig config;

    public ConsoleConfigResource(ConsoleSettings settings) {
        this.config = new ConsoleConfig(settings.oidc().url().replaceAll("/+$", ""), settings.oidc().clientId());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The console's sign-in settings (public)")
    public ConsoleConfig get() {
        return config;
    }
}
