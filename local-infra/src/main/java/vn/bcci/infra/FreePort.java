package vn.bcci.infra;

import java.io.IOException;
import java.net.ServerSocket;

/** A port nothing listens on right now, for tests that must not collide with a running local stack. */
public final class FreePort {
    private FreePort() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
