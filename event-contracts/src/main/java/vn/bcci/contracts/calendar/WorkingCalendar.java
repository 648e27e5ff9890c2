package vn.bcci.contracts.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.TreeMap;

import vn.bcci.contracts.VietnamTime;

/**
 * The working calendar of docs/domain.md §6: Monday to Friday, minus public holidays, in Vietnam time. Framework-free.
 *
 * <p>
 * A dossier is due at the close of a working day ({@link #CLOSE}, 17:00 Vietnam time; our decision): {@code n} working
 * days from an acceptance is the close of the {@code n}-th working day after the day of acceptance, whatever its time
 * of day and whether or not that day was a working day. So a due date never falls at night, on a weekend or on a
 * holiday. A stopped clock (supplement requested) keeps the working days left, and its restart gives them again from
 * the day it restarts.
 */
public final class WorkingCalendar {
    public static final ZoneId VIETNAM = VietnamTime.ZONE;

    /** The holiday table shipped with this class (2025–2027, Tết included), a resource of this jar. */
    public static final String SHIPPED_HOLIDAYS = "/calendar/vn-holidays.csv";

    /** When a working day closes: the hour every due date falls on. */
    public static final LocalTime CLOSE = LocalTime.of(17, 0);

    /**
     * The office hours of a working day that count as working time (our decision: 08:00–12:00 and 13:00–17:00, the
     * eight hours of a working day): what {@link #workingSeconds} counts.
     */
    public static final LocalTime[][] OFFICE_HOURS = {{LocalTime.of(8, 0), LocalTime.of(12, 0)},
            {LocalTime.of(13, 0), CLOSE}};

    /** The working time of one working day, in seconds (eight hours). */
    public static final long WORKING_DAY_SECONDS = 8 * 3600;

    private final Map<LocalDate, String> holidays;

    public WorkingCalendar(Map<LocalDate, String> holidays) {
        this.holidays = new TreeMap<>(holidays);
    }

    /** Reads {@code yyyy-MM-dd,name} lines; {@code #} starts a comment. */
    public static WorkingCalendar fromCsv(InputStream csv) throws IOException {
        Map<LocalDate, String> days = new TreeMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] parts = trimmed.split(",", 2);
                try {
                    days.put(LocalDate.parse(parts[0].strip()), parts.length > 1 ? parts[1].strip() : "");
                } catch (RuntimeException e) {
                    throw new IOException("holiday table line " + n + " is not yyyy-MM-dd,name: " + line, e);
                }
            }
        }
        return new WorkingCalendar(days);
    }

    public boolean isWorkingDay(LocalDate day) {
        return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
                && !holidays.containsKey(day);
    }

    /**
     * The due date {@code days} working days after {@code start}: the close of the {@code days}-th working day after
     * its day; with no days, the close of its day if it is a working day not yet closed, else of the next one.
     */
    public Instant dueAfter(Instant start, int days) {
        LocalDate day = start.atZone(VIETNAM).toLocalDate();
        for (int i = 0; i < days; i++) {
            day = nextWorkingDay(day);
        }
        if (days == 0 && (!isWorkingDay(day) || !closeOf(day).isAfter(start))) {
            day = nextWorkingDay(day);
        }
        return closeOf(day);
    }

    /** The close of {@code day} (a due date on it), Vietnam time. */
    public Instant closeOf(LocalDate day) {
        return day.atTime(CLOSE).atZone(VIETNAM).toInstant();
    }

    /**
     * Working days left at {@code at} until {@code due}: the working days after {@code at}'s day up to and including
     * {@code due}'s, what a stopped clock keeps to give again from its restart ({@link #dueAfter}).
     */
    public int workingDaysLeft(Instant at, Instant due) {
        LocalDate day = at.atZone(VIETNAM).toLocalDate();
        LocalDate last = due.atZone(VIETNAM).toLocalDate();
        int left = 0;
        while (day.isBefore(last)) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                left++;
            }
        }
        return left;
    }

    /** {@code start} plus {@code days} working days, at the same time of day (a postal item's delivery target). */
    public Instant addWorkingDays(Instant start, int days) {
        ZonedDateTime t = start.atZone(VIETNAM);
        if (!isWorkingDay(t.toLocalDate())) {
            t = nextWorkingDay(t.toLocalDate()).atStartOfDay(VIETNAM);
        }
        LocalDate day = t.toLocalDate();
        for (int i = 0; i < days; i++) {
            day = nextWorkingDay(day);
        }
        return day.atTime(t.toLocalTime()).atZone(VIETNAM).toInstant();
    }

    /**
     * The working time between two instants, in seconds: the part of {@code [from, to)} that falls in the office hours
     * ({@link #OFFICE_HOURS}) of working days, Vietnam time; 0 when {@code to} is not after {@code from}. How long a
     * dossier spent at the agency or in the post, as the deadlines count time.
     */
    public long workingSeconds(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return 0;
        }
        LocalDate last = to.atZone(VIETNAM).toLocalDate();
        long total = 0;
        for (LocalDate day = from.atZone(VIETNAM).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (!isWorkingDay(day)) {
                continue;
            }
            for (LocalTime[] hours : OFFICE_HOURS) {
                Instant open = day.atTime(hours[0]).atZone(VIETNAM).toInstant();
                Instant close = day.atTime(hours[1]).atZone(VIETNAM).toInstant();
                Instant start = from.isAfter(open) ? from : open;
                Instant end = to.isBefore(close) ? to : close;
                if (end.isAfter(start)) {
                    total += java.time.Duration.between(start, end).getSeconds();
                }
            }
        }
        return total;
    }

    private LocalDate nextWorkingDay(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (!isWorkingDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }
}
