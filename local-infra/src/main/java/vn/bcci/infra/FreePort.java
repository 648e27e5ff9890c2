package vn.bcci.infra;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A port nothing listens on right now, for tests that must not collide with a running local stack.
 *
 * <p>
 * Taken below the kernel's range of ephemeral ports (32768–60999 on Linux by default): a port the kernel handed out
 * for {@code new ServerSocket(0)} was in that range, and between the pick and the moment a service bound it (seconds
 * later, for the fault suite's second instances) an outgoing connection of one of nine JVMs could take it as its local
 * port: a portal-sync instance then failed to start with "port in use" (a clean-clone run, 2026-12-07). Each JVM walks
 * the range from its own offset, so that test JVMs running side by side rarely try the same ports.
 */
public final class FreePort {
    static final int FIRST = 20_000;
    static final int LAST = 32_000;
    private static final AtomicInteger NEXT = new AtomicInteger(
            (int) Math.floorMod(ProcessHandle.current().pid() * 7_919L + System.nanoTime(), (long) (LAST - FIRST)));

    private FreePort() {
    }

    public static int next() {
        for (int tries = 0; tries < LAST - FIRST; tries++) {
            int port = FIRST + Math.floorMod(NEXT.getAndIncrement(), LAST - FIRST);
            try (ServerSocket socket = new ServerSocket(port)) {
                return port;
            } catch (IOException taken) {
                // listened on already: the next one
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + LAST);
    }
}
