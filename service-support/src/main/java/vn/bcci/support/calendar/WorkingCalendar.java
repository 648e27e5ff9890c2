package vn.bcci.support.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.TreeMap;

import vn.bcci.contracts.VietnamTime;

/**
 * The working calendar of docs/domain.md §6: Monday to Friday, minus public holidays, in Vietnam time. Framework-free.
 *
 * <p>
 * Due dates count whole working days from acceptance: a dossier accepted at 10:00 on a working day with a 3-day
 * processing time is due at the same time of day on the third working day after it. Acceptance on a non-working day
 * counts from the start of the next working day.
 */
public final class WorkingCalendar {
    public static final ZoneId VIETNAM = VietnamTime.ZONE;

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

    /** {@code start} plus {@code days} working days. */
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
     * Working time remaining from {@code at} until {@code due}, in whole working days and a part of a day: what a
     * stopped clock (supplement requested) keeps, to add again when it restarts.
     */
    public Duration workingTimeBetween(Instant at, Instant due) {
        if (!due.isAfter(at)) {
            return Duration.ZERO;
        }
        ZonedDateTime from = at.atZone(VIETNAM);
        ZonedDateTime to = due.atZone(VIETNAM);
        long wholeDays = 0;
        LocalDate day = from.toLocalDate();
        while (day.isBefore(to.toLocalDate())) {
            day = day.plusDays(1);
            if (isWorkingDay(day)) {
                wholeDays++;
            }
        }
        Duration clock = Duration.between(from.toLocalTime(), to.toLocalTime());
        if (clock.isNegative() && wholeDays > 0) {
            wholeDays--;
            clock = clock.plusDays(1);
        }
        return Duration.ofDays(wholeDays).plus(clock.isNegative() ? Duration.ZERO : clock);
    }

    /** {@code restart} plus a remaining working time kept by {@link #workingTimeBetween}. */
    public Instant addWorkingTime(Instant restart, Duration remaining) {
        int days = (int) remaining.toDays();
        Instant base = addWorkingDays(restart, days);
        return base.plus(remaining.minusDays(days));
    }

    private LocalDate nextWorkingDay(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (!isWorkingDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }
}
