package vn.bcci.portalsync.catalogue;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import vn.bcci.contracts.payload.ProcedureData;

/** The portal's catalogue as last imported ({@code procedure_catalogue}). */
@ApplicationScoped
public class CatalogueStore {
    @Inject
    EntityManager em;

    /**
     * Stores the procedure as the portal lists it at {@code at}, in one statement; whether it was new or differs from
     * what was stored (a procedure the portal lists unchanged is left as it was).
     */
    public boolean imported(ProcedureData p, Instant at) {
        return em.createNativeQuery("INSERT INTO procedure_catalogue AS c (code, name, field_code, field_name, "
                + "agency_code, processing_days, postal_intake, postal_return, imported_at) VALUES (?1, ?2, ?3, ?4, "
                + "?5, ?6, ?7, ?8, ?9) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, field_code = "
                + "EXCLUDED.field_code, field_name = EXCLUDED.field_name, agency_code = EXCLUDED.agency_code, "
                + "processing_days = EXCLUDED.processing_days, postal_intake = EXCLUDED.postal_intake, "
                + "postal_return = EXCLUDED.postal_return, imported_at = EXCLUDED.imported_at WHERE (c.name, "
                + "c.field_code, c.field_name, c.agency_code, c.processing_days, c.postal_intake, c.postal_return) "
                + "IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.field_code, EXCLUDED.field_name, EXCLUDED.agency_code, "
                + "EXCLUDED.processing_days, EXCLUDED.postal_intake, EXCLUDED.postal_return)")
                .setParameter(1, p.code()).setParameter(2, p.name()).setParameter(3, p.fieldCode())
                .setParameter(4, p.fieldName()).setParameter(5, p.agencyCode()).setParameter(6, p.processingDays())
                .setParameter(7, p.postalIntake()).setParameter(8, p.postalReturn()).setParameter(9, at)
                .executeUpdate() > 0;
    }
}
