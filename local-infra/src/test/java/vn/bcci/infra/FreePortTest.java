package vn.bcci.infra;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

class FreePortTest {
    @Test
    void portsComeFromBelowTheEphemeralRangeAndAreFreeAndDistinct() throws IOException {
        int first = FreePort.next();
        int second = FreePort.next();
        assertNotEquals(first, second);
        for (int port : new int[]{first, second}) {
            assertTrue(port >= FreePort.FIRST && port < FreePort.LAST, "outside the range: " + port);
            try (ServerSocket bound = new ServerSocket(port)) {
                assertTrue(bound.isBound());
            }
        }
    }

    @Test
    void aPortSomethingListensOnIsNeverHandedOut() throws IOException {
        int port = FreePort.next();
        try (ServerSocket busy = new ServerSocket(port)) {
            for (int i = 0; i < FreePort.LAST - FreePort.FIRST; i++) {
                if (FreePort.next() == port) {
                    throw new AssertionError("handed out " + port + " while something listens on it");
                }
            }
        }
    }
}
