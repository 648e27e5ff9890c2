package vn.bcci.postal.shipments;

import java.time.Instant;
import java.util.List;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import vn.bcci.contracts.ShipmentState;

/** One accepted VNPost event, normalised; kept forever in the item's history, registered item or not. */
@Entity
public class TrackingEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String itemCode;
    public String dedupKey;
    public String eventId;
    public String orderNumber;
    public String statusCode;
    @Enumerated(EnumType.STRING)
    public ShipmentState canonicalState;
    public boolean knownCode;
    public Instant occurredAt;
    public Instant receivedAt;
    public String postOfficeCode;
    public String postOfficeName;
    public String note;
    public String receiverName;
    /** Whether it has been applied to a registered shipment (false: an orphan waiting for its registration). */
    public boolean applied;

    public static List<TrackingEvent> history(String itemCode) {
        return list("itemCode = ?1 order by occurredAt, id", itemCode);
    }

    public static List<TrackingEvent> orphans(String itemCode) {
        return list("itemCode = ?1 and applied = false order by occurredAt, id", itemCode);
    }
}
