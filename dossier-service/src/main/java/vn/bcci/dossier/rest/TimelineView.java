package vn.bcci.dossier.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;

import vn.bcci.dossier.domain.TimelineEntry;

/** A dossier's timeline, in event-time order, each entry with its source. */
public record TimelineView(String dossierCode, List<Entry> entries) {

    public record Entry(Instant at, TimelineEntry.Kind kind, String source, String title,
            @JsonRawValue String detail) {
    }

    static TimelineView of(String code, List<TimelineEntry> entries) {
        return new TimelineView(code, entries.stream()
                .map(e -> new Entry(e.at, e.kind, e.source, e.title, e.detail)).toList());
    }
}
