package vn.bcci.postal.ingestion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

import vn.bcci.contracts.InputRules;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.VnpostTrackingEvent;
import vn.bcci.messaging.retry.TransientFailures;
import vn.bcci.postal.config.TrackingConfig;
import vn.bcci.postal.shipments.Shipment;
import vn.bcci.postal.shipments.ShipmentLedger;
import vn.bcci.postal.shipments.ShipmentService;
import vn.bcci.postal.shipments.TrackingEvent;

/**
 * Ingestion of VNPost events, the same for both doors (HTTP push and {@code vnpost.tracking.v1}): validate, normalise,
 * deduplicate, keep, and apply by event time to the registered shipment (or keep as an orphan until it is registered).
 * Each event commits on its own, so a bad event never blocks the good ones beside it.
 */
@ApplicationScoped
public class TrackingService {
    private static final Logger LOG = Logger.getLogger(TrackingService.class);

    private final IngestionStore store;
    private final ShipmentLedger ledger;
    private final ShipmentService shipments;
    private final MeterRegistry metrics;
    private final Duration futureSkew;
    private final Clock clock = Clock.systemUTC();

    public TrackingService(IngestionStore store, ShipmentLedger ledger, ShipmentService shipments,
            MeterRegistry metrics,
            TrackingConfig config) {
        this.store = store;
        this.ledger = ledger;
        this.shipments = shipments;
        this.metrics = metrics;
        this.futureSkew = config.futureSkew();
    }

    /**
     * Ingests a batch: one outcome per event, in order. The valid events are stored in one transaction, set-based
     * ({@link #storeBatch}); if that transaction fails as a whole, each event is taken again in its own, so that one
     * bad event never costs the others.
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
            outcomes[i] = storedAlone(i, events);
        } else if (!valid.isEmpty()) {
            try {
                QuarkusTransaction.requiringNew().run(() -> storeBatch(valid, events, outcomes));
            } catch (RuntimeException e) {
                LOG.warnf("a batch of %d events failed as a whole (%s); taking them one by one", valid.size(),
                        e.toString());
                for (int i : valid) {
                    outcomes[i] = storedAlone(i, events);
                }
            }
        }
        for (IngestOutcome o : outcomes) {
            count(o.outcome());
        }
        return List.of(outcomes);
    }

    /**
     * One event in its own transaction, as a batch of one (the one ingestion path). A failure of our infrastructure
     * is thrown (the caller retries or answers 5xx); any other failure is this event's alone: it is rejected with the
     * reason, and the others go on.
     */
    private IngestOutcome storedAlone(int index, List<VnpostTrackingEvent> events) {
        VnpostTrackingEvent raw = events.get(index);
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                IngestOutcome[] outcome = new IngestOutcome[events.size()];
                storeBatch(List.of(index), events, outcome);
                return outcome[index];
            });
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw e;
            }
            LOG.errorf(e, "VNPost event %s of %s could not be stored; rejected", raw.eventId(), raw.itemCode());
            return new IngestOutcome(index, raw.eventId(), raw.itemCode(), IngestOutcome.REJECTED,
                    "could not be stored: " + e.getClass().getSimpleName());
        }
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
        String badText = textProblem("eventId", e.eventId());
        badText = badText != null ? badText : textProblem("itemCode", e.itemCode());
        badText = badText != null ? badText : textProblem("orderNumber", e.orderNumber());
        badText = badText != null ? badText : textProblem("statusCode", e.statusCode());
        badText = badText != null ? badText : textProblem("note", e.note());
        badText = badText != null ? badText : textProblem("receiverName", e.receiverName());
        if (badText == null && e.postOffice() != null) {
            badText = textProblem("postOffice.code", e.postOffice().code());
            badText = badText != null ? badText : textProblem("postOffice.name", e.postOffice().name());
        }
        if (badText != null) {
            return badText;
        }
        if (e.occurredAt() == null) {
            return "occurredAt is required";
        }
        Instant at;
        try {
            at = OffsetDateTime.parse(e.occurredAt()).toInstant();
        } catch (DateTimeException ex) {
            return "occurredAt must be ISO-8601 with an offset, e.g. 2026-11-22T09:15:00+07:00";
        }
        if (at.isAfter(clock.instant().plus(futureSkew))) {
            return "occurredAt is in the future beyond the tolerated skew of " + futureSkew;
        }
        String implausible = InputRules.timeProblem(at, clock.instant(), futureSkew);
        return implausible == null ? null : "occurredAt " + implausible;
    }

    private static String textProblem(String field, String value) {
        String problem = InputRules.textProblem(value);
        return problem == null ? null : field + " " + problem;
    }

    /**
     * The valid events of a batch in one transaction, a few statements for the lot whatever its size: the order and item
     * locks up front in a global order (so concurrent batches cannot deadlock); one multi-row insert that drops what
     * was seen before; the shipments read together; each item's new events applied in event-time order (a push that
     * lists an item's events out of order is published in order, each numbered by {@code itemSequence}), in memory (a
     * late one derives its state from the item's history, read once); the applied rows marked in one statement. The shipments'
     * updates and the outbox rows are written in batches at commit.
     */
    private void storeBatch(List<Integer> valid, List<VnpostTrackingEvent> events, IngestOutcome[] outcomes) {
        lockAll(valid.stream().map(events::get).toList());
        Map<String, Normalised> unique = new LinkedHashMap<>();
        Map<Integer, Normalised> firsts = new LinkedHashMap<>();
        for (int i : valid) {
            Normalised n = normalise(events.get(i));
            if (unique.putIfAbsent(n.dedupKey(), n) == null) {
                firsts.put(i, n);
            }
        }
        Map<String, Long> ids = store.insertNew(unique.values());
        List<TrackingEvent> inserted = new ArrayList<>(ids.size());
        for (int i : valid) {
            VnpostTrackingEvent raw = events.get(i);
            Normalised n = firsts.get(i);
            Long id = n == null ? null : ids.get(n.dedupKey());
            outcomes[i] = new IngestOutcome(i, raw.eventId(), raw.itemCode(),
                    id == null ? IngestOutcome.DUPLICATE : IngestOutcome.ACCEPTED, null);
            if (id != null) {
                if (!n.mapping().known()) {
                    unknownCode(raw);
                }
                inserted.add(n.event(id));
            }
        }
        if (inserted.isEmpty()) {
            return;
        }
        // one item's events in the order they happened, whatever order the push listed them in (stable: same time,
        // same order as given)
        inserted.sort(java.util.Comparator.comparing((TrackingEvent e) -> e.itemCode)
                .thenComparing(e -> e.occurredAt));
        Map<String, Shipment> shipmentsByItem = new HashMap<>();
        List<String> items = inserted.stream().map(e -> e.itemCode).distinct().toList();
        ledger.lockShipments(items);
        Shipment.<Shipment>list("itemCode in ?1", items).forEach(s -> shipmentsByItem.put(s.itemCode, s));
        ShipmentLedger.BatchHistory history = ledger.batchHistory();
        Set<String> linked = new HashSet<>();
        List<Long> applied = new ArrayList<>(inserted.size());
        for (TrackingEvent e : inserted) {
            Shipment shipment = shipmentsByItem.get(e.itemCode);
            if (shipment != null) {
                ledger.apply(shipment, e, history);
                applied.add(e.id);
            } else if (e.orderNumber != null && !linked.contains(e.itemCode)
                    && shipments.claimOutbound(e.itemCode, e.orderNumber)) {
                // linking applied every waiting event of the item, this batch's included
                linked.add(e.itemCode);
            }
        }
        store.markApplied(applied);
    }

    /** An event as it is kept: code mapped, time parsed, deduplication key computed. */
    record Normalised(VnpostTrackingEvent raw, StatusMapping.Outcome mapping, Instant occurredAt,
            String dedupKey) {
        String orderNumber() {
            return blankToNull(raw.orderNumber());
        }

        String statusCode() {
            return raw.statusCode().trim().toUpperCase();
        }

        /** The stored row as an entity not managed by the session (its changes are written by the batch itself). */
        TrackingEvent event(long id) {
            TrackingEvent e = new TrackingEvent();
            e.id = id;
            e.itemCode = raw.itemCode();
            e.dedupKey = dedupKey;
            e.eventId = raw.eventId();
            e.orderNumber = orderNumber();
            e.statusCode = statusCode();
            e.canonicalState = mapping.state().orElse(null);
            e.knownCode = mapping.known();
            e.occurredAt = occurredAt;
            e.postOfficeCode = raw.postOffice() == null ? null : raw.postOffice().code();
            e.postOfficeName = raw.postOffice() == null ? null : raw.postOffice().name();
            e.note = raw.note();
            e.receiverName = raw.receiverName();
            return e;
        }
    }

    private Normalised normalise(VnpostTrackingEvent raw) {
        StatusMapping.Outcome mapping = StatusMapping.map(raw.statusCode());
        Instant occurredAt = OffsetDateTime.parse(raw.occurredAt()).toInstant();
        return new Normalised(raw, mapping, occurredAt, dedupKey(raw, occurredAt));
    }

    private void unknownCode(VnpostTrackingEvent raw) {
        metrics.counter("tracking.unknown.codes").increment();
        LOG.warnf("unknown VNPost status code %s for %s: kept raw, state unchanged", raw.statusCode(), raw.itemCode());
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
