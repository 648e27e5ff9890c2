package vn.bcci.postal.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.messaging.Outbox;
import vn.bcci.postal.domain.Shipment;
import vn.bcci.support.Caller;
import vn.bcci.support.ProblemException;

/** Registration and lookup of shipments. */
@ApplicationScoped
public class ShipmentService {
    private final Outbox outbox;
    private final TrackingService tracking;

    public ShipmentService(Outbox outbox, TrackingService tracking) {
        this.outbox = outbox;
        this.tracking = tracking;
    }

    @Transactional
    public Shipment register(RegisterShipment request) {
        String problem = TrackingNumber.problem(request.itemCode());
        if (problem != null) {
            throw ProblemException.invalid("itemCode", problem);
        }
        tracking.lockItem(request.itemCode());
        Shipment expected = Shipment.findById(request.itemCode());
        if (expected != null) {
            throw new ProblemException(409, "Conflict", "shipment " + request.itemCode() + " is already registered"
                    + (expected.dossierCode != null ? " for dossier " + expected.dossierCode : ""), null, null);
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
        s.codAmount = request.codAmount();
        s.fees = request.fees();
        s.state = ShipmentState.REGISTERED;
        s.registeredAt = Instant.now();
        s.persist();
        outbox.publish(Topics.SHIPMENT_EVENTS, s.eventKey(), EventTypes.SHIPMENT_REGISTERED,
                s.dossierCode != null ? s.dossierCode : s.itemCode, s.registeredAt,
                new ShipmentEventData(s.itemCode, s.direction, s.dossierCode, s.agencyCode, s.state, null, null,
                        s.procedureCode, applicantBeforeDossier(request)));
        tracking.applyOrphans(s);
        return s;
    }

    /**
     * A postal dossier registered by its agency names its inbound item: expect that shipment (or link the one VNPost
     * registered first to the dossier), so that its events, including those already waiting, reach the dossier.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void expectInbound(String itemCode, String dossierCode, String agencyCode, String procedureCode) {
        tracking.lockItem(itemCode);
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
