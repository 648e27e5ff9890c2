package vn.bcci.postal.service;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.postal.domain.Shipment;
import vn.bcci.support.Caller;
import vn.bcci.support.KeysetCursor;
import vn.bcci.support.ProblemException;

/**
 * {@code GET /shipments}: filters and keyset paging on (registration time, tracking number). An agency sees only its
 * own items; VNPost and operators all. {@code stalled}/{@code overdue} concern open items only.
 */
@ApplicationScoped
public class ShipmentQuery {
    /** The states an item ends in, as literals (the partial indexes of V5 name them so). */
    static final String TERMINAL = "('DELIVERED', 'RETURNED', 'CANCELLED')";

    private final EntityManager em;

    public ShipmentQuery(EntityManager em) {
        this.em = em;
    }

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
}
