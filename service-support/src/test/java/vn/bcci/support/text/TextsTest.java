package vn.bcci.support.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void aTextIsCutToItsLimitAndNoShorter() {
        assertEquals("Nguyễn", Texts.truncate("Nguyễn Văn An", 6));
        assertEquals("Nguyễn Văn An", Texts.truncate("Nguyễn Văn An", 13));
        assertEquals("", Texts.truncate("", 0));
        assertNull(Texts.truncate(null, 10));
    }
}
