package vn.bcci.dossier.timeline;

import java.sql.PreparedStatement;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import vn.bcci.support.sql.SqlValues;
import vn.bcci.support.text.Texts;

/** The timeline's bulk statement (single entries are persisted as {@link TimelineEntry} entities). */
@ApplicationScoped
public class TimelineStore {
    @Inject
    EntityManager em;

    /**
     * Appends entries of dossiers this service has, in one statement however many there are (a consumer's poll at a
     * time); an entry of an unknown dossier is left out. Their ids, and so their order among entries of the same time,
     * follow the list.
     */
    public void appendToKnownDossiers(List<TimelineEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> {
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
}
