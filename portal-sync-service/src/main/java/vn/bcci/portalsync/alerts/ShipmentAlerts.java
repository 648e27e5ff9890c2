package vn.bcci.portalsync.alerts;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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

    private final EntityManager em;
    private final OperatorFeed feed;

    public ShipmentAlerts(EntityManager em, OperatorFeed feed) {
        this.em = em;
        this.feed = feed;
    }

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
        @SuppressWarnings("unchecked")
        List<Object> open = em.createNativeQuery("SELECT cleared_at IS NULL FROM shipment_alert WHERE item_code = ?1 "
                + "FOR UPDATE").setParameter(1, data.itemCode()).getResultList();
        em.createNativeQuery("INSERT INTO shipment_alert (item_code, dossier_code, agency_code, direction, state, "
                + "stalled_since, overdue_since, flagged_at, last_event_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                + "?8) ON CONFLICT (item_code) DO UPDATE SET dossier_code = coalesce(EXCLUDED.dossier_code, "
                + "shipment_alert.dossier_code), agency_code = coalesce(EXCLUDED.agency_code, "
                + "shipment_alert.agency_code), state = EXCLUDED.state, stalled_since = EXCLUDED.stalled_since, "
                + "overdue_since = EXCLUDED.overdue_since, last_event_time = EXCLUDED.last_event_time, flagged_at = "
                + "CASE WHEN shipment_alert.cleared_at IS NULL THEN shipment_alert.flagged_at ELSE EXCLUDED.flagged_at "
                + "END, cleared_at = NULL WHERE shipment_alert.last_event_time <= EXCLUDED.last_event_time")
                .setParameter(1, data.itemCode()).setParameter(2, data.dossierCode())
                .setParameter(3, data.agencyCode()).setParameter(4, String.valueOf(data.direction()))
                .setParameter(5, data.state() == null ? null : data.state().name())
                .setParameter(6, data.stalledSince()).setParameter(7, data.overdueSince()).setParameter(8, at)
                .executeUpdate();
        boolean wasOpen = !open.isEmpty() && Boolean.TRUE.equals(open.get(0));
        if (!wasOpen) {
            feed.append(OperatorFeed.Kind.SHIPMENT_FLAGGED, data.dossierCode(), data.agencyCode(), data.itemCode(),
                    null, at, summary(data));
        }
    }

    private void moved(Instant at, ShipmentEventData data) {
        boolean over = (data.stalledSince() == null && data.overdueSince() == null)
                || (data.state() != null && data.state().isTerminal());
        em.createNativeQuery("UPDATE shipment_alert SET state = ?2, stalled_since = ?3, overdue_since = ?4, "
                + "last_event_time = ?5, cleared_at = CASE WHEN CAST(?6 AS BOOLEAN) THEN CAST(?5 AS TIMESTAMPTZ) END WHERE item_code = ?1 AND cleared_at IS "
                + "NULL AND last_event_time <= ?5").setParameter(1, data.itemCode())
                .setParameter(2, data.state() == null ? null : data.state().name())
                .setParameter(3, data.stalledSince()).setParameter(4, data.overdueSince()).setParameter(5, at)
                .setParameter(6, over).executeUpdate();
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
