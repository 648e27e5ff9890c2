package vn.bcci.dossier.domain;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import org.hibernate.Session;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import vn.bcci.support.SqlValues;
import vn.bcci.support.Texts;

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

    /**
     * Appends entries of dossiers this service has, in one statement however many there are (a consumer's poll at a
     * time); an entry of an unknown dossier is left out. Their ids, and so their order among entries of the same time,
     * follow the list.
     */
    public static void appendToKnownDossiers(List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(Session.class).doWork(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO timeline_entry (dossier_code, at, kind, "
                    + "source, title, detail) SELECT r.code, r.at::timestamptz, r.kind, r.source, r.title, "
                    + "r.detail::jsonb FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) "
                    + "WITH ORDINALITY AS r(code, at, kind, source, title, detail, n) "
                    + "JOIN dossier d ON d.code = r.code ORDER BY r.n")) {
                SqlValues.bindColumns(c, ps, entries, List.of(e -> e.dossierCode, e -> e.at, e -> e.kind,
                        e -> e.source, e -> Texts.truncate(e.title, 300), e -> e.detail));
                ps.executeUpdate();
            }
        });
    }

    public static List<TimelineEntry> forDossier(String code) {
        return list("dossierCode = ?1 order by at, id", code);
    }
}
