package vn.bcci.postal.shipments;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.support.http.KeysetCursor;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.security.Caller;

/**
 * The shipments' SQL beyond their entity: {@code GET /shipments} (filters and keyset paging on (registration time,
 * tracking number); an agency sees only its own items, VNPost and operators all; {@code stalled}/{@code overdue}
 * concern open items only), the expected results by post ({@code expected_outbound}) and the row locks of a batch.
 */
@ApplicationScoped
public class ShipmentStore {
    /** The states an item ends in, as literals (the partial indexes of V5 name them so). */
    public static final String TERMINAL = "('DELIVERED', 'RETURNED', 'CANCELLED')";

    @Inject
    EntityManager em;

    public record Filter(ShipmentState state, Direction direction, Boolean stalled, Boolean overdue, String agency,
            String dossierCode) {
    }

    public record Page(List<Shipment> items, String nextCursor) {
    }

    public Page list(Filter f, String cursor, int limit, Caller caller) {
        String agency = f.agency();
        if (agency != null && !agency.matches(vn.bcci.contracts.InputRules.AGENCY_CODE)) {
            throw ProblemException.invalid("agency", vn.bcci.contracts.InputRules.AGENCY_CODE_RULE);
        }
        if (!caller.seesEverything() && caller.agency() != null) {
            if (agency != null && !caller.mayAccess(agency)) {
                throw ProblemException.forbidden("an agency may list only its own shipments");
            }
            agency = caller.agency();
        }
        StringBuilder q = new StringBuilder("SELECT * FROM shipment WHERE TRUE");
        List<Object> p = new ArrayList<>();
        if (agency != null) {
            p.add(agency);
            q.append(" AND agency_code = ?").append(p.size());
        }
        if (f.state() != null) {
            p.add(f.state().name());
            q.append(" AND state = ?").append(p.size());
        }
        if (f.direction() != null) {
            p.add(f.direction().name());
            q.append(" AND direction = ?").append(p.size());
        }
        if (f.dossierCode() != null) {
            p.add(f.dossierCode());
            q.append(" AND dossier_code = ?").append(p.size());
        }
        if (f.stalled() != null) {
            q.append(f.stalled() ? " AND stalled_since IS NOT NULL" : " AND stalled_since IS NULL");
        }
        if (f.overdue() != null) {
            q.append(f.overdue()
                    ? " AND overdue_since IS NOT NULL AND state NOT IN " + TERMINAL
                    : " AND (overdue_since IS NULL OR state IN " + TERMINAL + ")");
        }
        KeysetCursor after = KeysetCursor.decode(cursor);
        if (after != null) {
            p.add(after.at());
            p.add(after.id());
            q.append(" AND (registered_at, item_code) > (?").append(p.size() - 1).append(", ?").append(p.size())
                    .append(")");
        }
        q.append(" ORDER BY registered_at, item_code LIMIT ").append(limit + 1);
        Query query = em.createNativeQuery(q.toString(), Shipment.class);
        for (int i = 0; i < p.size(); i++) {
            query.setParameter(i + 1, p.get(i));
        }
        @SuppressWarnings("unchecked")
        List<Shipment> rows = new ArrayList<>(query.getResultList());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Shipment last = rows.get(limit - 1);
            next = new KeysetCursor(last.registeredAt, last.itemCode).encode();
        }
        return new Page(rows, next);
    }

    /** A result expected by post: its dossier's agency and procedure. */
    public record Expected(String agencyCode, String procedureCode) {
    }

    /** Expects the result of a dossier by post; {@code false} when it was already expected. */
    boolean expectOutbound(String dossierCode, String agencyCode, String procedureCode) {
        return em.createNativeQuery("INSERT INTO expected_outbound (dossier_code, agency_code, procedure_code, "
                + "expected_at) VALUES (?1, ?2, ?3, now()) ON CONFLICT (dossier_code) DO NOTHING")
                .setParameter(1, dossierCode).setParameter(2, agencyCode).setParameter(3, procedureCode)
                .executeUpdate() == 1;
    }

    /** The item this dossier's expected result is, if no item carries it yet; {@code null} otherwise. */
    Expected claimExpectedOutbound(String itemCode, String dossierCode) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("UPDATE expected_outbound SET item_code = ?1 "
                + "WHERE dossier_code = ?2 AND item_code IS NULL RETURNING agency_code, procedure_code")
                .setParameter(1, itemCode).setParameter(2, dossierCode).getResultList();
        return rows.isEmpty() ? null : new Expected((String) rows.get(0)[0], (String) rows.get(0)[1]);
    }

    /** The earliest unregistered item whose unapplied events name {@code dossierCode} as their order (not the inbound one). */
    java.util.Optional<String> firstOrphanItemOf(String dossierCode, String inboundItem) {
        @SuppressWarnings("unchecked")
        List<String> items = em.createNativeQuery("SELECT e.item_code FROM tracking_event e WHERE e.applied = FALSE "
                + "AND e.order_number = ?1 AND e.item_code <> ?2 GROUP BY e.item_code ORDER BY min(e.occurred_at) "
                + "LIMIT 1").setParameter(1, dossierCode).setParameter(2, inboundItem == null ? "" : inboundItem)
                .getResultList();
        return items.stream().findFirst();
    }

    /** Row-locks the registered shipments among {@code items} (sorted) for the transaction. */
    void lockShipments(String[] items) {
        em.unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (java.sql.PreparedStatement ps = connection.prepareStatement(
                    "SELECT item_code FROM shipment WHERE item_code = ANY(?) ORDER BY item_code FOR UPDATE")) {
                ps.setArray(1, connection.createArrayOf("text", items));
                ps.executeQuery().close();
            }
        });
    }

    /** The steps of an item's applied events (time, id, state), for its state machine. */
    List<ShipmentStates.Step> appliedSteps(String itemCode) {
        return em.createQuery("select e.occurredAt, e.id, e.canonicalState from TrackingEvent e "
                + "where e.itemCode = ?1 and e.applied = true", Object[].class).setParameter(1, itemCode)
                .getResultStream().map(r -> new ShipmentStates.Step((java.time.Instant) r[0], (Long) r[1],
                        (ShipmentState) r[2]))
                .toList();
    }

    /** Writes what the transaction changed so far, before a statement that must see it. */
    void flush() {
        em.flush();
    }
}
