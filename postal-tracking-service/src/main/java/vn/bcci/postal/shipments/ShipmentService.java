package vn.bcci.postal.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.postal.domain.DeliveryTargets;
import vn.bcci.postal.domain.Shipment;
import vn.bcci.support.Caller;
import vn.bcci.support.ProblemException;

/** Registration and lookup of shipments, and the expectations that link VNPost's items to dossiers. */
@ApplicationScoped
public class ShipmentService {
    private static final Logger LOG = Logger.getLogger(ShipmentService.class);

    private final EntityManager em;
    private final ShipmentLedger ledger;

    public ShipmentService(EntityManager em, ShipmentLedger ledger) {
        this.em = em;
        this.ledger = ledger;
    }

    @Transactional
    public Shipment register(RegisterShipment request) {
        String problem = TrackingNumber.problem(request.itemCode());
        if (problem != null) {
            throw ProblemException.invalid("itemCode", problem);
        }
        if (request.dossierCode() != null
                && (request.agencyCode() == null || !request.dossierCode().startsWith(request.agencyCode() + "-"))) {
            // a dossier code names its agency: a shipment cannot put one agency's dossier in another's view
            throw ProblemException.invalid("agencyCode", "must be the agency of dossier " + request.dossierCode()
                    + " (the code's first part)");
        }
        if (request.direction() == Direction.OUTBOUND && request.dossierCode() != null) {
            ledger.lockOrder(request.dossierCode());
        }
        ledger.lockItem(request.itemCode());
        Shipment expected = Shipment.findById(request.itemCode());
        if (expected != null) {
            throw ProblemException.conflict("shipment " + request.itemCode() + " is already registered"
                    + (expected.dossierCode != null ? " for dossier " + expected.dossierCode : ""));
        }
        if (request.direction() == Direction.OUTBOUND && request.dossierCode() != null) {
            em.createNativeQuery("UPDATE expected_outbound SET item_code = ?1 WHERE dossier_code = ?2 "
                    + "AND item_code IS NULL").setParameter(1, request.itemCode())
                    .setParameter(2, request.dossierCode()).executeUpdate();
        }
        return create(request);
    }

    private Shipment create(RegisterShipment request) {
        Shipment s = new Shipment();
        s.itemCode = request.itemCode();
        s.direction = request.direction();
        s.dossierCode = request.dossierCode();
        s.agencyCode = request.agencyCode();
        s.procedureCode = request.procedureCode();
        s.sender = request.sender() == null ? null : EventJson.write(request.sender());
        s.receiver = request.receiver() == null ? null : EventJson.write(request.receiver());
        s.sameProvince = DeliveryTargets.sameProvince(
                request.sender() == null ? null : request.sender().province(),
                request.receiver() == null ? null : request.receiver().province());
        s.codAmount = request.codAmount();
        s.fees = request.fees();
        s.state = ShipmentState.REGISTERED;
        s.registeredAt = Instant.now();
        s.persist();
        ledger.publishRegistered(s, applicantBeforeDossier(request));
        ledger.applyOrphans(s);
        return s;
    }

    /**
     * A postal dossier registered by its agency names its inbound item: expect that shipment (or link the one VNPost
     * registered first to the dossier), so that its events, including those already waiting, reach the dossier.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void expectInbound(String itemCode, String dossierCode, String agencyCode, String procedureCode) {
        ledger.lockItem(itemCode);
        Shipment existing = Shipment.findById(itemCode);
        if (existing != null) {
            if (existing.dossierCode == null) {
                existing.dossierCode = dossierCode;
            }
            return;
        }
        create(new RegisterShipment(itemCode, Direction.INBOUND, dossierCode, agencyCode, procedureCode, null, null,
                null, null));
    }

    /**
     * A dossier to be returned by post reached RESULT_READY: its result will travel in an item nobody has named yet.
     * The first VNPost event that gives the dossier code as order number links its item to the dossier; events that
     * arrived before this expectation are linked now.
     *
     * @param inboundItem the dossier's inbound item, whose events also name the dossier and must not be taken for the
     *        result's
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void expectOutbound(String dossierCode, String agencyCode, String procedureCode, String inboundItem) {
        ledger.lockOrder(dossierCode);
        int created = em.createNativeQuery("INSERT INTO expected_outbound (dossier_code, agency_code, procedure_code, "
                + "expected_at) VALUES (?1, ?2, ?3, now()) ON CONFLICT (dossier_code) DO NOTHING")
                .setParameter(1, dossierCode).setParameter(2, agencyCode).setParameter(3, procedureCode)
                .executeUpdate();
        if (created == 0) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<String> waiting = em.createNativeQuery("SELECT e.item_code FROM tracking_event e WHERE e.applied = FALSE "
                + "AND e.order_number = ?1 AND e.item_code <> ?2 GROUP BY e.item_code ORDER BY min(e.occurred_at) "
                + "LIMIT 1").setParameter(1, dossierCode).setParameter(2, inboundItem == null ? "" : inboundItem)
                .getResultList();
        waiting.forEach(item -> claimOutbound(item, dossierCode));
    }

    /**
     * An event of an unregistered item names {@code dossierCode} as its order number: when that dossier's result is
     * expected by post and no item carries it yet, this item is the result's. Caller holds the order lock.
     *
     * @return whether the item was linked (its waiting events are then applied)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean claimOutbound(String itemCode, String dossierCode) {
        ledger.lockItem(itemCode);
        if (Shipment.findById(itemCode) != null) {
            return false;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> expectation = em.createNativeQuery("UPDATE expected_outbound SET item_code = ?1 "
                + "WHERE dossier_code = ?2 AND item_code IS NULL RETURNING agency_code, procedure_code")
                .setParameter(1, itemCode).setParameter(2, dossierCode).getResultList();
        if (expectation.isEmpty()) {
            return false;
        }
        Object[] row = expectation.get(0);
        LOG.infof("item %s carries the result of dossier %s: outbound shipment linked", itemCode, dossierCode);
        create(new RegisterShipment(itemCode, Direction.OUTBOUND, dossierCode, (String) row[0], (String) row[1], null,
                null, null, null));
        return true;
    }

    /** The sender of an inbound item VNPost registers before any dossier names it: the dossier's applicant. */
    private static ShipmentEventData.Sender applicantBeforeDossier(RegisterShipment r) {
        if (r.direction() != Direction.INBOUND || r.dossierCode() != null || r.sender() == null) {
            return null;
        }
        return new ShipmentEventData.Sender(r.sender().name(), r.sender().phone());
    }

    public Shipment find(String itemCode, Caller caller) {
        Shipment s = Shipment.findById(itemCode);
        boolean visible = s != null && (caller.seesEverything() || caller.agency() == null
                || caller.mayAccess(s.agencyCode));
        if (!visible) {
            throw ProblemException.notFound("no shipment " + itemCode);
        }
        return s;
    }
}
