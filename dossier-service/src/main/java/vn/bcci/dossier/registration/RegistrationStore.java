package vn.bcci.dossier.registration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** What registration keeps beside the dossier: each agency's code sequence and the Idempotency-Keys it was given. */
@ApplicationScoped
public class RegistrationStore {
    @Inject
    EntityManager em;

    /** Reserves {@code size} numbers of an agency's sequence for one day (an atomic upsert); the last of them. */
    long reserveCodes(String agencyCode, String day, int size) {
        return ((Number) em.createNativeQuery("INSERT INTO dossier_code_sequence (agency_code, day, last_value) "
                + "VALUES (?1, ?2, ?3) ON CONFLICT (agency_code, day) "
                + "DO UPDATE SET last_value = dossier_code_sequence.last_value + ?3 RETURNING last_value")
                .setParameter(1, agencyCode).setParameter(2, day).setParameter(3, size).getSingleResult())
                .longValue();
    }

    /** What a key was first used for: the request's hash and the dossier it registered. */
    record KeyUse(String requestHash, String dossierCode) {
    }

    /**
     * Records the caller's key for this request; {@code false} when it was used before (a concurrent first use is
     * waited for: its row is locked until that transaction ends).
     */
    boolean claimKey(String caller, String key, String requestHash) {
        return em.createNativeQuery("INSERT INTO idempotency_key (caller, key, request_hash) VALUES (?1, ?2, ?3) "
                + "ON CONFLICT DO NOTHING").setParameter(1, caller).setParameter(2, key).setParameter(3, requestHash)
                .executeUpdate() == 1;
    }

    KeyUse keyUse(String caller, String key) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT request_hash, dossier_code FROM idempotency_key "
                + "WHERE caller = ?1 AND key = ?2").setParameter(1, caller).setParameter(2, key).getSingleResult();
        return new KeyUse((String) row[0], (String) row[1]);
    }

    void keyUsedFor(String caller, String key, String dossierCode) {
        em.createNativeQuery("UPDATE idempotency_key SET dossier_code = ?1 WHERE caller = ?2 AND key = ?3")
                .setParameter(1, dossierCode).setParameter(2, caller).setParameter(3, key).executeUpdate();
    }
}
