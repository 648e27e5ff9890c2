package vn.bcci.portalsync.alerts;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import vn.bcci.contracts.CloudEvent;
import vn.bcci.contracts.Direction;
import vn.bcci.contracts.VietnamTime;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.portalsync.feed.OperatorFeed;

/**
 * Items VNPost's watch flagged ({@code vn.bcci.shipment.flagged.v1}: no event for the configured time, or past the
 * leg's delivery target), open until a later event of the item leaves it neither stalled nor overdue, or ends it
 * (delivered, returned, cancelled). Opening one appends a {@link OperatorFeed.Kind#SHIPMENT_FLAGGED} entry, so the feed,
 * its stream and webhooks carry the alert; a flag repeated while open adds nothing.
 */
@ApplicationScoped
public class ShipmentAlerts {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
            .withZone(VietnamTime.ZONE);

    @Inject
    AlertStore store;
    @Inject
    OperatorFeed feed;

    /** A shipment event of {@code shipment.events.v1}: a flag opens an alert, a later event may clear it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(CloudEvent event, ShipmentEventData data) {
        if (data.itemCode() == null) {
            return;
        }
        if (vn.bcci.contracts.EventTypes.SHIPMENT_FLAGGED.equals(event.type())) {
            flagged(event.time(), data);
        } else {
            moved(event.time(), data);
        }
    }

    private void flagged(Instant at, ShipmentEventData data) {
        if (data.stalledSince() == null && data.overdueSince() == null) {
            return;
        }
        boolean wasOpen = store.flagShipment(data, at);
        if (!wasOpen) {
            feed.append(OperatorFeed.Kind.SHIPMENT_FLAGGED, data.dossierCode(), data.agencyCode(), data.itemCode(),
                    null, at, summary(data));
        }
    }

    private void moved(Instant at, ShipmentEventData data) {
        boolean over = (data.stalledSince() == null && data.overdueSince() == null)
                || (data.state() != null && data.state().isTerminal());
        store.shipmentMoved(data, at, over);
    }

    /** How the feed reads the alert, in Vietnamese as every summary; no personal data. */
    static String summary(ShipmentEventData data) {
        String leg = data.direction() == Direction.OUTBOUND ? "trả kết quả" : "chuyển hồ sơ đến cơ quan";
        StringBuilder s = new StringBuilder("Bưu gửi ").append(data.itemCode()).append(" (").append(leg).append(')');
        if (data.overdueSince() != null) {
            s.append(" quá hạn phát từ ").append(WHEN.format(data.overdueSince()));
        }
        if (data.stalledSince() != null) {
            s.append(data.overdueSince() != null ? ", " : " ").append("bị ngưng (quá lâu không có sự kiện mới), ghi "
                    + "nhận lúc ").append(WHEN.format(data.stalledSince()));
        }
        return s.toString();
    }
}
