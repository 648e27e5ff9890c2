package vn.bcci.support.text;

/** Small text rules shared by the services. */
public final class Texts {
    private Texts() {
    }

    /** {@code s} cut to at most {@code max} characters (a column's or a portal field's length); {@code null} stays. */
    public static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
