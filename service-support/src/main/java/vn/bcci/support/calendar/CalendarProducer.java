package vn.bcci.support.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The working calendar, from the holiday table shipped in the jar or from {@code calendar.holidays-file}. */
public class CalendarProducer {
    @Produces
    @ApplicationScoped
    WorkingCalendar calendar(@ConfigProperty(name = "calendar.holidays-file") Optional<Path> file) {
        try (InputStream in = file.isPresent()
                ? Files.newInputStream(file.get())
                : CalendarProducer.class.getResourceAsStream("/calendar/vn-holidays.csv")) {
            return WorkingCalendar.fromCsv(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the holiday table", e);
        }
    }
}
