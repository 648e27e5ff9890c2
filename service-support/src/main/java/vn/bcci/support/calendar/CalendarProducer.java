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

import vn.bcci.contracts.calendar.WorkingCalendar;

/**
 * The working calendar (event-contracts, beside the other domain rules), from the holiday table shipped with it or from
 * {@code calendar.holidays-file}.
 */
public class CalendarProducer {
    @Produces
    @ApplicationScoped
    WorkingCalendar calendar(@ConfigProperty(name = "calendar.holidays-file") Optional<Path> file) {
        try (InputStream in = file.isPresent()
                ? Files.newInputStream(file.get())
                : WorkingCalendar.class.getResourceAsStream(WorkingCalendar.SHIPPED_HOLIDAYS)) {
            return WorkingCalendar.fromCsv(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the holiday table", e);
        }
    }
}
