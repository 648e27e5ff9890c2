package vn.bcci.contracts;

import java.util.regex.Pattern;

/**
 * UPU S10 tracking number (mã bưu gửi), docs/domain.md §4: two letters, eight serial digits, a check digit, {@code VN}.
 * Check digit: weights 8,6,4,2,3,5,9,7; c = 11 − (sum mod 11); 10 → 0, 11 → 5.
 */
public final class TrackingNumber {
    private static final Pattern SHAPE = Pattern.compile("^[A-Z]{2}[0-9]{9}VN$");
    private static final int[] WEIGHTS = {8, 6, 4, 2, 3, 5, 9, 7};

    private TrackingNumber() {
    }

    /** Why the value is not a valid S10 number, or {@code null} when it is. */
    public static String problem(String value) {
        if (value == null || !SHAPE.matcher(value).matches()) {
            return "must be an S10 tracking number: two capital letters, nine digits, VN (e.g. EB123456785VN)";
        }
        int expected = checkDigit(value.substring(2, 10));
        if (value.charAt(10) - '0' != expected) {
            return "has a wrong check digit: expected " + expected;
        }
        return null;
    }

    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    /** The check digit of eight serial digits. */
    public static int checkDigit(String serial) {
        if (serial.length() != 8) {
            throw new IllegalArgumentException("serial must have 8 digits");
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += (serial.charAt(i) - '0') * WEIGHTS[i];
        }
        int c = 11 - (sum % 11);
        return c == 10 ? 0 : c == 11 ? 5 : c;
    }

    /** A valid number from a prefix (two letters) and an eight-digit serial. */
    public static String of(String prefix, long serial) {
        String digits = String.format("%08d", serial);
        return prefix + digits + checkDigit(digits) + "VN";
    }
}
