package vn.bcci.portalsync.index;

import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import vn.bcci.support.problem.ProblemException;

/**
 * A period the index is computed over, in Vietnam calendar days {@code [from, to)}: a month ({@code 2026-11}), a
 * quarter ({@code 2026-Q4}) or a year ({@code 2026}), and the one before it of the same length.
 */
public record Period(String name, LocalDate from, LocalDate to) {
    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    static final String RULE = "must be a month (2026-11), a quarter (2026-Q4) or a year (2026), from 2000 to 2099";

    /** The period {@code text} names; a 400 naming {@code field} when it names none. */
    public static Period parse(String field, String text) {
        String t = text == null ? "" : text.trim();
        Matcher m;
        Period p = null;
        if ((m = MONTH.matcher(t)).matches()) {
            int month = Integer.parseInt(m.group(2));
            if (month >= 1 && month <= 12) {
                p = month(LocalDate.of(Integer.parseInt(m.group(1)), month, 1));
            }
        } else if ((m = QUARTER.matcher(t)).matches()) {
            p = quarter(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } else if ((m = YEAR.matcher(t)).matches()) {
            p = year(Integer.parseInt(m.group(1)));
        }
        if (p == null || p.from.getYear() < 2000 || p.from.getYear() > 2099) {
            throw ProblemException.invalid(field, RULE);
        }
        return p;
    }

    static Period month(LocalDate first) {
        return new Period("%d-%02d".formatted(first.getYear(), first.getMonthValue()), first, first.plusMonths(1));
    }

    static Period quarter(int year, int q) {
        LocalDate first = LocalDate.of(year, 3 * (q - 1) + 1, 1);
        return new Period(year + "-Q" + q, first, first.plusMonths(3));
    }

    static Period year(int year) {
        LocalDate first = LocalDate.of(year, 1, 1);
        return new Period(Integer.toString(year), first, first.plusYears(1));
    }

    /** The month this day falls in: the default period. */
    public static Period monthOf(LocalDate day) {
        return month(day.withDayOfMonth(1));
    }

    /** The period of the same kind just before this one. */
    public Period previous() {
        if (name.contains("-Q")) {
            int q = (from.getMonthValue() - 1) / 3 + 1;
            return q == 1 ? quarter(from.getYear() - 1, 4) : quarter(from.getYear(), q - 1);
        }
        return name.contains("-") ? month(from.minusMonths(1)) : year(from.getYear() - 1);
    }
}
