package vn.bcci.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data as logs, feeds and dashboards show it (domain.md §8, Decree 13/2023): enough to recognise, not to
 * use.
 */
public final class Masking {
    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{9,}");

    private Masking() {
    }

    /** {@code 0912345789} → {@code 09x****789}. */
    public static String phone(String phone) {
        if (phone == null || phone.length() < 6) {
            return phone == null ? null : "****";
        }
        return phone.substring(0, 2) + "x****" + phone.substring(phone.length() - 3);
    }

    /** {@code 001234567890} → {@code ********7890}. */
    public static String idNumber(String id) {
        if (id == null) {
            return null;
        }
        int keep = Math.min(4, id.length() / 3);
        return "*".repeat(id.length() - keep) + id.substring(id.length() - keep);
    }

    /** {@code Nguyễn Văn An} → {@code N. V. An}. */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return name;
        }
        String[] parts = name.trim().split("\\s+");
        StringBuilder masked = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            masked.append(parts[i].charAt(0)).append(". ");
        }
        return masked.append(parts[parts.length - 1]).toString();
    }

    /**
     * Free text (a portal's refusal message, a note) with every run of 9 or more digits masked: ID numbers and phone
     * numbers quoted in it are not shown.
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = LONG_DIGITS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, idNumber(m.group()));
        }
        return m.appendTail(out).toString();
    }
}
