package vn.bcci.portalsync.audit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** The audit log's table ({@code operator_action}); each method runs in the caller's transaction. */
@ApplicationScoped
public class AuditStore {
    @Inject
    EntityManager em;

    void insert(String actor, String action, String target, String agencyCode, String detail) {
        em.createNativeQuery("INSERT INTO operator_action (actor, action, target, agency_code, detail) VALUES (?1, ?2, "
                + "?3, ?4, ?5)").setParameter(1, actor).setParameter(2, action).setParameter(3, target)
                .setParameter(4, agencyCode).setParameter(5, detail).executeUpdate();
    }

    /** id, at, actor, action, target, agency, detail of the newest entries before id {@code before}. */
    @SuppressWarnings("unchecked")
    List<Object[]> recent(int limit, long before) {
        return em.createNativeQuery("SELECT id, at, actor, action, target, agency_code, detail FROM operator_action "
                + "WHERE id < ?1 ORDER BY id DESC LIMIT ?2").setParameter(1, before).setParameter(2, limit)
                .getResultList();
    }
}
