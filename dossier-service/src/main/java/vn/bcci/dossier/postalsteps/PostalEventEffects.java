package vn.bcci.dossier.postalsteps;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.dossier.lifecycle.Dossier;
import vn.bcci.dossier.lifecycle.Transition;
import vn.bcci.dossier.lifecycle.Transitions;
import vn.bcci.messaging.outbox.Outbox;

/**
 * What postal events mean for a dossier (docs/architecture.md), the one place that decides it: inbound delivered is the handover
 * to the agency; outbound delivered returns the result (status 10, with the delivery time); an outbound delivery that
 * failed or went back to the sender is flagged, the status unchanged. Every postal event becomes one dossier event
 * carrying it ({@code postalStep}), so the dossier's steps reach the portal in the dossier's one order.
 */
@ApplicationScoped
public class PostalEventEffects {
    private static final Logger LOG = Logger.getLogger(PostalEventEffects.class);

    @Inject
    Transitions dossiers;
    private static final Transition.Handler VNPOST = new Transition.Handler(DossierEventData.Handler.VNPOST.name(),
            DossierEventData.Handler.VNPOST.title(), DossierEventData.Handler.VNPOST.department());
    @Inject
    Outbox outbox;

    /**
     * Applies one postal event to its (locked) dossier and publishes it, with what it meant, as one dossier event:
     * the status change it caused, or else {@code postal-noted}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(Dossier d, ShipmentEventData data, DossierEventData.PostalStep step) {
        ShipmentState state = data.event().canonicalState();
        Instant at = data.event().occurredAt();
        if (data.direction() == Direction.INBOUND) {
            if (state == ShipmentState.DELIVERED && d.receivedFromPostAt == null) {
                d.receivedFromPostAt = at;
            }
            noted(d, at, step);
            return;
        }
        if (d.outboundTrackingNumber == null) {
            d.outboundTrackingNumber = data.itemCode();
        }
        if (state == ShipmentState.DELIVERED && d.status == DossierStatus.RESULT_READY) {
            Instant when = d.lastTransitionAt != null && at.isBefore(d.lastTransitionAt) ? d.lastTransitionAt : at;
            d.postalFlag = null;
            dossiers.move(d, DossierStatus.RESULT_RETURNED, when, VNPOST,
                    "Đã phát kết quả cho người nhận, mã bưu gửi " + data.itemCode(), null, step);
            LOG.infof("dossier %s: result delivered by post (%s), status 10", d.code, data.itemCode());
            return;
        }
        if (state == ShipmentState.DELIVERY_FAILED || state == ShipmentState.RETURNING
                || state == ShipmentState.RETURNED) {
            d.postalFlag = state + " at " + at + " (" + data.itemCode() + ")";
        }
        noted(d, at, step);
    }

    private void noted(Dossier d, Instant at, DossierEventData.PostalStep step) {
        outbox.publish(Topics.DOSSIER_EVENTS, d.code, EventTypes.DOSSIER_POSTAL_NOTED, d.code, at,
                Transitions.eventData(d, null, step));
    }
}
