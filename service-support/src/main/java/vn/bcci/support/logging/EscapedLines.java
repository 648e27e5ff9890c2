package vn.bcci.support.logging;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * One log record, one line: control characters in a message (a status code with CR/LF or terminal escapes from a
 * hostile client, quoted in a log line) are written as {@code \n}, {@code \r}, {@code \t} or a backslash-u code (ESC as u001b), so no
 * input can split a line, forge another or drive an operator's terminal. Stack traces keep their lines: they are
 * ours. On the console handler of every service ({@code quarkus.log.console.filter=escaped-lines}).
 */
@LoggingFilter(name = "escaped-lines")
public final class EscapedLines implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            String message = ext.getFormattedMessage();
            String escaped = escape(message);
            if (escaped != message) {
                ext.setMessage(escaped, ExtLogRecord.FormatStyle.NO_FORMAT);
                ext.setParameters(null);
            }
        }
        return true;
    }

    /** {@code text} with every control character escaped, or {@code text} itself when it has none. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f);
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                switch (c) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (control) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
