package vn.bcci.dossier.timeline;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonRawValue;

import vn.bcci.support.security.Caller;
import vn.bcci.support.text.Masking;

/** A dossier's timeline, in event-time order, each entry with its source. */
public record TimelineView(String dossierCode, List<Entry> entries) {

    public record Entry(Instant at, TimelineEntry.Kind kind, String source, String title,
            @JsonRawValue String detail) {
    }

    /** Free text (notes, the portal's messages) masked unless the caller sees the dossier's personal data. */
    public static TimelineView of(String code, String agencyCode, List<TimelineEntry> entries, Caller caller) {
        boolean clear = caller.seesPersonalDataOf(agencyCode);
        return new TimelineView(code, entries.stream()
                .map(e -> new Entry(e.at, e.kind, e.source, clear ? e.title : Masking.text(e.title),
                        clear ? e.detail : Masking.text(e.detail)))
                .toList());
    }
}
