package vn.bcci.postal.shipments;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.security.Caller;

/** Registration and lookup of shipments, and the expectations that link VNPost's items to dossiers. */
@ApplicationScoped
public class ShipmentService {
    private static final Logger LOG = Logger.getLogger(ShipmentService.class);

    @Inject
    ShipmentStore store;
    @Inject
    ShipmentLedger ledger;

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
            store.claimExpectedOutbound(request.itemCode(), request.dossierCode());
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
        if (!store.expectOutbound(dossierCode, agencyCode, procedureCode)) {
            return;
        }
        store.firstOrphanItemOf(dossierCode, inboundItem).ifPresent(item -> claimOutbound(item, dossierCode));
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
        ShipmentStore.Expected expected = store.claimExpectedOutbound(itemCode, dossierCode);
        if (expected == null) {
            return false;
        }
        LOG.infof("item %s carries the result of dossier %s: outbound shipment linked", itemCode, dossierCode);
        create(new RegisterShipment(itemCode, Direction.OUTBOUND, dossierCode, expected.agencyCode(),
                expected.procedureCode(), null, null, null, null));
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
