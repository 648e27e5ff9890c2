package vn.bcci.dossier.catalogue;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import vn.bcci.contracts.payload.ProcedureData;

/** The local copy of the portal's catalogue, as {@code portal.procedures.v1} publishes it. */
@ApplicationScoped
public class ProcedureStore {
    @Inject
    EntityManager em;

    /**
     * The procedure as published at {@code at}, in one statement: a row holding a later version stays as it is, so that
     * a replay or a redelivery of an older event changes nothing.
     */
    public void published(ProcedureData p, Instant at) {
        em.createNativeQuery("INSERT INTO procedure (code, name, agency_code, processing_days, postal_intake, "
                + "postal_return, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (code) DO UPDATE SET "
                + "name = EXCLUDED.name, agency_code = EXCLUDED.agency_code, processing_days = "
                + "EXCLUDED.processing_days, postal_intake = EXCLUDED.postal_intake, postal_return = "
                + "EXCLUDED.postal_return, updated_at = EXCLUDED.updated_at WHERE procedure.updated_at <= "
                + "EXCLUDED.updated_at").setParameter(1, p.code()).setParameter(2, p.name())
                .setParameter(3, p.agencyCode()).setParameter(4, p.processingDays()).setParameter(5, p.postalIntake())
                .setParameter(6, p.postalReturn()).setParameter(7, at).executeUpdate();
    }
}
