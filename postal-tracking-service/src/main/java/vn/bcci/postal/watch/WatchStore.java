package vn.bcci.postal.watch;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import vn.bcci.postal.shipments.ShipmentStore;

/** The watch's statements: flag a batch of open items (claimed with SKIP LOCKED), count the flagged ones. */
@ApplicationScoped
public class WatchStore {
    private static final String OPEN = "state NOT IN " + ShipmentStore.TERMINAL;

    @Inject
    EntityManager em;

    /**
     * Sets {@code column} to {@code now} on up to {@code batch} open items where it is unset and {@code condition}
     * (over {@code ?2} = {@code threshold}) holds; the items flagged.
     */
    @SuppressWarnings("unchecked")
    List<String> flag(String column, String condition, Instant threshold, Instant now, int batch) {
        return em.createNativeQuery("UPDATE shipment SET " + column + " = ?1, version = version + 1 "
                + "WHERE item_code IN (SELECT item_code FROM shipment WHERE " + OPEN + " AND " + column
                + " IS NULL AND " + condition + " LIMIT " + batch + " FOR UPDATE SKIP LOCKED) RETURNING item_code")
                .setParameter(1, now).setParameter(2, threshold).getResultList();
    }

    /** Open items with {@code column} set. */
    long countFlagged(String column) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM shipment WHERE " + OPEN + " AND " + column
                + " IS NOT NULL").getSingleResult()).longValue();
    }
}
