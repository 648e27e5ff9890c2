package vn.bcci.support.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Personal data as logs, feeds and dashboards show it (docs/domain.md §8, Decree 13/2023): enough to recognise, not to
 * use. Who sees it in clear is {@code Caller.seesPersonalDataOf}'s rule.
 */
public final class Masking {
    /** A run of 9 or more digits, possibly written with spaces, dots or dashes, not part of a longer code. */
    private static final Pattern LONG_DIGITS = Pattern
            .compile("(?<![\\p{Alnum}.\\-])\\+?\\d(?:[ .-]?\\d){8,}(?![\\p{Alnum}])");
    private static final Pattern EMAIL = Pattern.compile("[\\p{Alnum}._%+-]+@[\\p{Alnum}-]+(?:\\.[\\p{Alnum}-]+)+");

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

    /** {@code an.nguyen@example.vn} → {@code a***@example.vn}. */
    public static String email(String email) {
        if (email == null) {
            return null;
        }
        int at = email.indexOf('@');
        return at <= 0 ? "***" : email.charAt(0) + "***" + email.substring(at);
    }

    /**
     * Free text (a portal's refusal message, a note, a summary) with what looks like an ID number or a phone number
     * (9 or more digits, also when written {@code 0912 345 789} or {@code +84.912.345.789}) and every e-mail address
     * masked. Codes that merely contain digits (a tracking number {@code EB123456785VN}, a dossier code) are kept.
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = LONG_DIGITS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String digits = m.group().replaceAll("\\D", "");
            m.appendReplacement(out, Matcher.quoteReplacement(idNumber(digits)));
        }
        String masked = m.appendTail(out).toString();
        Matcher e = EMAIL.matcher(masked);
        StringBuilder out2 = new StringBuilder();
        while (e.find()) {
            e.appendReplacement(out2, Matcher.quoteReplacement(email(e.group())));
        }
        return e.appendTail(out2).toString();
    }
}
