package vn.bcci.postal.shipments;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Version;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.ShipmentState;

/** A postal item (bưu gửi) of either leg, with its canonical state. */
@Entity
public class Shipment extends PanacheEntityBase {
    @Id
    public String itemCode;
    @Enumerated(EnumType.STRING)
    public Direction direction;
    public String dossierCode;
    public String agencyCode;
    public String procedureCode;
    @JdbcTypeCode(SqlTypes.JSON)
    public String sender;
    @JdbcTypeCode(SqlTypes.JSON)
    public String receiver;
    public Long codAmount;
    public Long fees;
    @Enumerated(EnumType.STRING)
    public ShipmentState state;
    public Instant lastEventAt;
    public Instant registeredAt;
    /** Sender and receiver in the same province (the shorter delivery target); {@code null} when not known. */
    public Boolean sameProvince;
    /** The first event that put the item in VNPost's hands, by event time: the delivery clock starts there. */
    public Instant acceptedAt;
    public Instant deliveryDueAt;
    public Instant stalledSince;
    public Instant overdueSince;
    /** How many of its events were recorded and published ({@code event-recorded}'s {@code itemSequence}). */
    public int eventSequence;
    @Version
    public long version;

    /** The shipment, locked for the rest of the transaction so concurrent events for it apply one at a time. */
    public static Shipment lock(String itemCode) {
        return findById(itemCode, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The record key of its events: the dossier code when known, else the tracking number. */
    public String eventKey() {
        return dossierCode != null ? dossierCode : itemCode;
    }
}
