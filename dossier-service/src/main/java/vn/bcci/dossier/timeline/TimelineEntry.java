package vn.bcci.dossier.timeline;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One line of a dossier's unified timeline: what happened, when in the world, and which part of the system said so. */
@Entity
public class TimelineEntry extends PanacheEntityBase {
    public enum Kind {
        STATUS,
        DUE_DATE,
        POSTAL,
        PORTAL,
        /** The applicant's personal data was erased at the end of its retention (docs/domain.md §8). */
        PERSONAL_DATA
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String dossierCode;
    public Instant at;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Kind kind;
    public String source;
    public String title;
    @JdbcTypeCode(SqlTypes.JSON)
    public String detail;

    public static TimelineEntry of(String dossierCode, Instant at, Kind kind, String source, String title,
            String detailJson) {
        TimelineEntry e = new TimelineEntry();
        e.dossierCode = dossierCode;
        e.at = at;
        e.kind = kind;
        e.source = source;
        e.title = title;
        e.detail = detailJson;
        return e;
    }

    public static List<TimelineEntry> forDossier(String code) {
        return list("dossierCode = ?1 order by at, id", code);
    }
}
