package vn.bcci.portalsync.feed;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import vn.bcci.support.problem.ProblemException;

/** Where a subscription may send the feed: an absolute http(s) URL with a host, no credentials, a real port. */
class WebhookUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://user:secret@receiver.example.vn/hook", "https://receiver.example.vn:99999/hook",
            "https://receiver.example.vn:0/hook", "ftp://receiver.example.vn/hook", "/relative/hook",
            "https:///no-host", "https://receiver.example.vn/hook#fragment", "https://bad host/hook", " "})
    void aUrlWeWouldNotCallIsA400NamingUrl(String url) {
        ProblemException refused = assertThrows(ProblemException.class, () -> WebhookSubscriptions.checkUrl(url));
        assertEquals(400, refused.status());
        assertEquals("url", refused.toProblem(null).errors().get(0).field());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://receiver.example.vn/hook", "http://10.1.2.3:8080/bcci/feed?tenant=h22"})
    void aPlainUrlIsTaken(String url) {
        assertDoesNotThrow(() -> WebhookSubscriptions.checkUrl(url));
    }
}
