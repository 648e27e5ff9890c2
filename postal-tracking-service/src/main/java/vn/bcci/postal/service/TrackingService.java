package vn.bcci.postal.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.ShipmentState;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.messaging.Outbox;
import vn.bcci.postal.domain.Shipment;
import vn.bcci.postal.domain.ShipmentStates;
import vn.bcci.postal.domain.StatusMapping;
import vn.bcci.postal.domain.TrackingEvent;
import vn.bcci.support.Masking;

/**
 * Ingestion of VNPost events, the same for both doors (HTTP push and {@code vnpost.tracking.v1}): validate, normalise,
 * deduplicate, keep, and apply by event time to the registered shipment (or keep as an orphan until it is registered).
 * Each event commits on its own, so a bad event never blocks the good ones beside it.
 */
@ApplicationScoped
public class TrackingService {
    private static final Logger LOG = Logger.getLogger(TrackingService.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final Duration futureSkew;
    private final Clock clock = Clock.systemUTC();

    public TrackingService(EntityManager em, Outbox outbox, MeterRegistry metrics,
            @ConfigProperty(name = "tracking.future-skew", defaultValue = "PT5M") Duration futureSkew) {
        this.em = em;
        this.outbox = outbox;
        this.metrics = metrics;
        this.futureSkew = futureSkew;
    }

    /** Ingests one event in its own transaction. */
    public IngestOutcome ingest(VnpostTrackingEvent raw) {
        String itemCode = raw == null ? null : raw.itemCode();
        String eventId = raw == null ? null : raw.eventId();
        String invalid = validate(raw);
        if (invalid != null) {
            count(IngestOutcome.REJECTED);
            return new IngestOutcome(null, eventId, itemCode, IngestOutcome.REJECTED, invalid);
        }
        boolean accepted = QuarkusTransaction.requiringNew().call(() -> store(raw));
        String outcome = accepted ? IngestOutcome.ACCEPTED : IngestOutcome.DUPLICATE;
        count(outcome);
        return new IngestOutcome(null, eventId, itemCode, outcome, null);
    }

    /** Ingests a batch: one outcome per event, in order. */
    public List<IngestOutcome> ingestAll(List<VnpostTrackingEvent> events) {
        java.util.ArrayList<IngestOutcome> outcomes = new java.util.ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            outcomes.add(ingest(events.get(i)).at(i));
        }
        return outcomes;
    }

    String validate(VnpostTrackingEvent e) {
        if (e == null) {
            return "event is empty";
        }
        String trackingProblem = TrackingNumber.problem(e.itemCode());
        if (trackingProblem != null) {
            return "itemCode " + trackingProblem;
        }
        if (e.statusCode() == null || e.statusCode().isBlank()) {
            return "statusCode is required";
        }
        if (e.occurredAt() == null) {
            return "occurredAt is required";
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(e.occurredAt()).toInstant();
        } catch (DateTimeParseException ex) {
            return "occurredAt must be ISO-8601 with an offset, e.g. 2026-11-22T09:15:00+07:00";
        }
        if (at.isAfter(clock.instant().plus(futureSkew))) {
            return "occurredAt is in the future beyond the tolerated skew of " + futureSkew;
        }
        return null;
    }

    /** Stores the event; {@code false} when it is a duplicate. Applies it when its shipment is registered. */
    private boolean store(VnpostTrackingEvent raw) {
        lockItem(raw.itemCode());
        StatusMapping.Outcome mapping = StatusMapping.map(raw.statusCode());
        if (!mapping.known()) {
            metrics.counter("tracking.unknown.codes").increment();
            LOG.warnf("unknown VNPost status code %s for %s: kept raw, state unchanged", raw.statusCode(),
                    raw.itemCode());
        }
        Instant occurredAt = OffsetDateTime.parse(raw.occurredAt()).toInstant();
        @SuppressWarnings("unchecked")
        List<Number> inserted = em.createNativeQuery("INSERT INTO tracking_event (item_code, dedup_key, event_id, "
                + "order_number, status_code, canonical_state, known_code, occurred_at, post_office_code, "
                + "post_office_name, note, receiver_name) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                + "ON CONFLICT (dedup_key) DO NOTHING RETURNING id")
                .setParameter(1, raw.itemCode())
                .setParameter(2, dedupKey(raw, occurredAt))
                .setParameter(3, raw.eventId())
                .setParameter(4, blankToNull(raw.orderNumber()))
                .setParameter(5, raw.statusCode().trim().toUpperCase())
                .setParameter(6, mapping.state().map(Enum::name).orElse(null))
                .setParameter(7, mapping.known())
                .setParameter(8, occurredAt)
                .setParameter(9, raw.postOffice() == null ? null : raw.postOffice().code())
                .setParameter(10, raw.postOffice() == null ? null : raw.postOffice().name())
                .setParameter(11, raw.note())
                .setParameter(12, raw.receiverName())
                .getResultList();
        if (inserted.isEmpty()) {
            return false;
        }
        Shipment shipment = Shipment.lock(raw.itemCode());
        if (shipment != null) {
            apply(shipment, TrackingEvent.findById(inserted.get(0).longValue()));
        }
        return true;
    }

    /** Applies the orphan events of a newly registered shipment, oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void applyOrphans(Shipment shipment) {
        for (TrackingEvent orphan : TrackingEvent.orphans(shipment.itemCode)) {
            apply(shipment, orphan);
        }
    }

    /** Serialises everything that touches one tracking number (events from both doors, its registration). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockItem(String itemCode) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, itemCode)
                .getSingleResult();
    }

    private void apply(Shipment shipment, TrackingEvent event) {
        event.applied = true;
        em.flush();
        ShipmentState before = shipment.state;
        List<ShipmentStates.Step> steps = TrackingEvent.history(shipment.itemCode).stream()
                .filter(e -> e.applied)
                .map(e -> new ShipmentStates.Step(e.occurredAt, e.id, e.canonicalState)).toList();
        shipment.state = ShipmentStates.derive(ShipmentState.REGISTERED, steps);
        if (shipment.lastEventAt == null || event.occurredAt.isAfter(shipment.lastEventAt)) {
            shipment.lastEventAt = event.occurredAt;
        }
        if (shipment.dossierCode == null && event.orderNumber != null) {
            shipment.dossierCode = event.orderNumber;
        }
        String receiver = event.canonicalState == ShipmentState.DELIVERED
                ? event.receiverName
                : Masking.name(event.receiverName);
        ShipmentEventData data = new ShipmentEventData(shipment.itemCode, shipment.direction, shipment.dossierCode,
                shipment.agencyCode, shipment.state, before,
                new ShipmentEventData.TrackingEvent(event.eventId, event.statusCode, event.canonicalState,
                        event.occurredAt, event.postOfficeCode, event.postOfficeName, event.note, receiver));
        outbox.publish(Topics.SHIPMENT_EVENTS, shipment.eventKey(), EventTypes.SHIPMENT_EVENT_RECORDED,
                shipment.dossierCode != null ? shipment.dossierCode : shipment.itemCode, event.occurredAt, data);
    }

    private void count(String outcome) {
        metrics.counter("tracking.events", "outcome", outcome).increment();
    }

    /** By {@code eventId}, else by content: tracking number, code, time and office. */
    static String dedupKey(VnpostTrackingEvent raw, Instant occurredAt) {
        if (raw.eventId() != null && !raw.eventId().isBlank()) {
            return "id:" + raw.eventId();
        }
        String content = raw.itemCode() + "|" + raw.statusCode().trim().toUpperCase() + "|" + occurredAt + "|"
                + (raw.postOffice() == null ? "" : raw.postOffice().code());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return "content:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
