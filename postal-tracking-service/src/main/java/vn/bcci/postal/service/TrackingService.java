package vn.bcci.postal.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.messaging.TransientFailures;
import vn.bcci.postal.domain.Shipment;
import vn.bcci.postal.domain.StatusMapping;
import vn.bcci.postal.domain.TrackingEvent;

/**
 * Ingestion of VNPost events, the same for both doors (HTTP push and {@code vnpost.tracking.v1}): validate, normalise,
 * deduplicate, keep, and apply by event time to the registered shipment (or keep as an orphan until it is registered).
 * Each event commits on its own, so a bad event never blocks the good ones beside it.
 */
@ApplicationScoped
public class TrackingService {
    private static final Logger LOG = Logger.getLogger(TrackingService.class);

    private final EntityManager em;
    private final ShipmentLedger ledger;
    private final ShipmentService shipments;
    private final MeterRegistry metrics;
    private final Duration futureSkew;
    private final Clock clock = Clock.systemUTC();

    public TrackingService(EntityManager em, ShipmentLedger ledger, ShipmentService shipments, MeterRegistry metrics,
            @ConfigProperty(name = "tracking.future-skew", defaultValue = "PT5M") Duration futureSkew) {
        this.em = em;
        this.ledger = ledger;
        this.shipments = shipments;
        this.metrics = metrics;
        this.futureSkew = futureSkew;
    }

    /**
     * Ingests a batch: one outcome per event, in order. The valid events are stored in one transaction (one commit for
     * the batch, their locks taken up front in a global order so that concurrent batches cannot deadlock); if that
     * transaction fails as a whole, each event is taken again in its own, so that one bad event never costs the others.
     */
    public List<IngestOutcome> ingestAll(List<VnpostTrackingEvent> events) {
        IngestOutcome[] outcomes = new IngestOutcome[events.size()];
        List<Integer> valid = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            VnpostTrackingEvent raw = events.get(i);
            String invalid = validate(raw);
            if (invalid != null) {
                outcomes[i] = new IngestOutcome(i, raw == null ? null : raw.eventId(),
                        raw == null ? null : raw.itemCode(), IngestOutcome.REJECTED, invalid);
            } else {
                valid.add(i);
            }
        }
        if (valid.size() == 1) {
            int i = valid.get(0);
            outcomes[i] = storedAlone(i, events.get(i));
        } else if (!valid.isEmpty()) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    lockAll(valid.stream().map(events::get).toList());
                    for (int i : valid) {
                        outcomes[i] = stored(i, events.get(i), true);
                        em.flush();
                        em.clear();
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf("a batch of %d events failed as a whole (%s); taking them one by one", valid.size(),
                        e.toString());
                for (int i : valid) {
                    outcomes[i] = storedAlone(i, events.get(i));
                }
            }
        }
        for (IngestOutcome o : outcomes) {
            count(o.outcome());
        }
        return List.of(outcomes);
    }

    /**
     * One event in its own transaction. A failure of our infrastructure is thrown (the caller retries or answers
     * 5xx); any other failure is this event's alone: it is rejected with the reason, and the others go on.
     */
    private IngestOutcome storedAlone(int index, VnpostTrackingEvent raw) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> stored(index, raw, false));
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw e;
            }
            LOG.errorf(e, "VNPost event %s of %s could not be stored; rejected", raw.eventId(), raw.itemCode());
            return new IngestOutcome(index, raw.eventId(), raw.itemCode(), IngestOutcome.REJECTED,
                    "could not be stored: " + e.getClass().getSimpleName());
        }
    }

    private IngestOutcome stored(int index, VnpostTrackingEvent raw, boolean locked) {
        String outcome = store(raw, locked) ? IngestOutcome.ACCEPTED : IngestOutcome.DUPLICATE;
        return new IngestOutcome(index, raw.eventId(), raw.itemCode(), outcome, null);
    }

    /** The order locks, then the item locks, of a batch, each class in ascending key order. */
    private void lockAll(List<VnpostTrackingEvent> batch) {
        ledger.lockAll(batch.stream().map(e -> blankToNull(e.orderNumber())).filter(o -> o != null).toList(),
                batch.stream().map(VnpostTrackingEvent::itemCode).toList());
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
        String tooLong = tooLong("eventId", e.eventId(), 128);
        tooLong = tooLong != null ? tooLong : tooLong("orderNumber", e.orderNumber(), 64);
        tooLong = tooLong != null ? tooLong : tooLong("statusCode", e.statusCode().trim(), 16);
        tooLong = tooLong != null ? tooLong : tooLong("note", e.note(), 1000);
        tooLong = tooLong != null ? tooLong : tooLong("receiverName", e.receiverName(), 200);
        if (tooLong == null && e.postOffice() != null) {
            tooLong = tooLong("postOffice.code", e.postOffice().code(), 16);
            tooLong = tooLong != null ? tooLong : tooLong("postOffice.name", e.postOffice().name(), 200);
        }
        if (tooLong != null) {
            return tooLong;
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

    /**
     * Stores the event; {@code false} when it is a duplicate. Applies it when its shipment is registered.
     *
     * @param locked whether the caller already holds the event's order and item locks
     */
    private boolean store(VnpostTrackingEvent raw, boolean locked) {
        String orderNumber = blankToNull(raw.orderNumber());
        if (!locked) {
            if (orderNumber != null) {
                ledger.lockOrder(orderNumber);
            }
            ledger.lockItem(raw.itemCode());
        }
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
                .setParameter(4, orderNumber)
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
            ledger.apply(shipment, TrackingEvent.findById(inserted.get(0).longValue()));
        } else if (orderNumber != null) {
            shipments.claimOutbound(raw.itemCode(), orderNumber);
        }
        return true;
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

    private static String tooLong(String field, String value, int max) {
        return value != null && value.length() > max ? field + " must be at most " + max + " characters" : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
