package vn.bcci.postal.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

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
    private static final List<ShipmentState> TERMINAL = List.of(ShipmentState.DELIVERED, ShipmentState.RETURNED,
            ShipmentState.CANCELLED);

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
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new HashMap<>();
        if (agency != null) {
            q.append(" and agencyCode = :agency");
            p.put("agency", agency);
        }
        if (f.state() != null) {
            q.append(" and state = :state");
            p.put("state", f.state());
        }
        if (f.direction() != null) {
            q.append(" and direction = :direction");
            p.put("direction", f.direction());
        }
        if (f.dossierCode() != null) {
            q.append(" and dossierCode = :dossierCode");
            p.put("dossierCode", f.dossierCode());
        }
        if (f.stalled() != null) {
            q.append(f.stalled() ? " and stalledSince is not null" : " and stalledSince is null");
        }
        if (f.overdue() != null) {
            q.append(f.overdue()
                    ? " and overdueSince is not null and state not in :terminal"
                    : " and (overdueSince is null or state in :terminal)");
            p.put("terminal", TERMINAL);
        }
        KeysetCursor after = KeysetCursor.decode(cursor);
        if (after != null) {
            q.append(" and (registeredAt > :cAt or (registeredAt = :cAt and itemCode > :cItem))");
            p.put("cAt", after.at());
            p.put("cItem", after.id());
        }
        q.append(" order by registeredAt, itemCode");
        List<Shipment> rows = new ArrayList<>(Shipment.<Shipment>find(q.toString(), p).page(0, limit + 1).list());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Shipment last = rows.get(limit - 1);
            next = new KeysetCursor(last.registeredAt, last.itemCode).encode();
        }
        return new Page(rows, next);
    }
}
