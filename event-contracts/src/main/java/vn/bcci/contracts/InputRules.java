package vn.bcci.contracts;

import java.time.Duration;
import java.time.Instant;

/**
 * The rules every door applies to what it will later have to read, the REST doors and the Kafka doors alike
 * (docs: "Hostile input"). Framework-free, so that the services' REST layer, VNPost's two doors and the consumers'
 * schema check all use the same words.
 * <ul>
 * <li><b>Text</b>: no control characters except tab, line feed and carriage return (NUL, ESC, DEL and the C1 range
 * are refused: PostgreSQL refuses NUL, terminals obey escapes, and none belongs in a name, a code or a note).</li>
 * <li><b>Times</b>: no earlier than {@link #EARLIEST} (no dossier or postal event of this platform is older) and no
 * later than a per-field horizon after now: a clock skew for things that happened, a longer one for due dates.</li>
 * </ul>
 */
public final class InputRules {
    /** An agency code (docs/domain.md §4), e.g. {@code 000.00.01.H22}. */
    public static final String AGENCY_CODE = "^[0-9A-Z]{3}(\\.[0-9A-Z]{2,3}){3}$";
    /** What an agency-code field says when it is not one. */
    public static final String AGENCY_CODE_RULE = "must be an agency code such as 000.00.01.H22";

    /** No time this platform receives lies before this. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** No time this platform receives lies after this, whatever the field (a due date included). */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private InputRules() {
    }

    /** Whether a code point is a control character this platform refuses in text. */
    public static boolean refusedControl(int c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
    }

    /** Why {@code text} is not acceptable text (a refused control character, a lone surrogate), or {@code null}. */
    public static String textProblem(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (refusedControl(c)) {
                return String.format("must not contain control characters (U+%04X at position %d)", (int) c, i);
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return "must be valid Unicode text (a lone surrogate at position " + i + ")";
                }
                i++;
            }
        }
        return null;
    }

    /**
     * Why {@code time} is not plausible for a field that may lie at most {@code ahead} after {@code now}, or
     * {@code null}.
     */
    public static String timeProblem(Instant time, Instant now, Duration ahead) {
        if (time == null) {
            return null;
        }
        Instant latest = now.plus(ahead);
        if (latest.isAfter(LATEST)) {
            latest = LATEST;
        }
        if (time.isBefore(EARLIEST) || time.isAfter(latest)) {
            return "must be between " + EARLIEST + " and " + latest + " (now + " + describe(ahead) + ")";
        }
        return null;
    }

    private static String describe(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        return d.toMinutes() >= 2 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
    }
}
