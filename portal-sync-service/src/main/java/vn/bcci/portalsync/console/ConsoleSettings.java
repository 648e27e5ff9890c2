package vn.bcci.portalsync.console;

import io.smallrye.config.ConfigMapping;

/** Everything under {@code console.}: where the operators sign in ({@link ConsoleConfigResource}). */
@ConfigMapping(prefix = "console")
public interface ConsoleSettings {
    Oidc oidc();

    interface Oidc {
        /** The OpenID Connect provider's base URL ({@code CONSOLE_OIDC_URL}). */
        String url();

        /** The console's public client id there ({@code CONSOLE_OIDC_CLIENT_ID}). */
        String clientId();
    }
}
