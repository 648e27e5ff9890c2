package vn.bcci.portalsync.index;

/**
 * What the index is computed per: each agency, each level-1 unit of the agency codes (a province or a ministry: the
 * code's last segment, {@code H22} of {@code 000.00.01.H22}), or the whole country.
 */
public enum Level {
    AGENCY,
    UNIT,
    NATIONAL;

    /** The kind of a unit: a ministry or ministerial-level agency ({@code G…}), a province ({@code H…}), or other. */
    static String kindOf(Level level, String unit) {
        if (level == NATIONAL) {
            return "NATIONAL";
        }
        String levelOne = level == AGENCY ? unit.substring(unit.lastIndexOf('.') + 1) : unit;
        return levelOne.startsWith("G") ? "MINISTRY" : levelOne.startsWith("H") ? "PROVINCE" : "OTHER";
    }
}
