package vn.bcci.support.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** One log record, one line, whatever a client sent. */
class EscapedLinesTest {

    @Test
    void controlCharactersInAMessageAreEscapedAndItsParametersFormattedFirst() {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "unknown status code %s for %s",
                ExtLogRecord.FormatStyle.PRINTF, EscapedLinesTest.class.getName());
        record.setParameters(new Object[]{"EM\u001b[2J\r\n2026-11-30 INFO forged line", "EB123456785VN"});
        assertTrue(new EscapedLines().isLoggable(record));
        assertEquals("unknown status code EM\\u001b[2J\\r\\n2026-11-30 INFO forged line for EB123456785VN",
                record.getFormattedMessage());
    }

    @Test
    void aCleanMessageIsLeftAsItIs() {
        String clean = "dossier 000.00.01.H22-261122-0042 registered by agency-h22";
        assertSame(clean, EscapedLines.escape(clean));
        assertEquals("tab\\there\\u007f", EscapedLines.escape("tab\there\u007f"));
    }
}
