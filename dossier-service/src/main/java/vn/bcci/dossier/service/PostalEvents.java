package vn.bcci.dossier.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

import vn.bcci.contracts.Direction;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.contracts.payload.ShipmentEventData;
import vn.bcci.dossier.domain.Dossier;
import vn.bcci.dossier.domain.TimelineEntry;
import vn.bcci.support.SqlValues;

/**
 * A dossier's postal events, from {@code shipment.events.v1} onto its timeline and, each as one dossier event with its
 * {@code postalStep}, onto {@code dossier.events.v1}: the one ordered stream of the dossier that portal-sync-service
 * builds the portal's progress entries from. Events of an inbound item no dossier names yet wait
 * ({@code waiting_postal_event}) and are applied, in event-time order, when its dossier appears.
 */
@ApplicationScoped
public class PostalEvents {
    private static final Logger LOG = Logger.getLogger(PostalEvents.class);
    private static final java.time.Duration UNCLAIMED_FOR = java.time.Duration.ofDays(60);

    private final EntityManager em;
    private final PostalMilestones milestones;

    public PostalEvents(EntityManager em, PostalMilestones milestones) {
        this.em = em;
        this.milestones = milestones;
    }

    /**
     * Serialises, per inbound item, a dossier's appearance with the item's events that find no dossier yet: whoever
     * comes second sees what the first committed (transaction-scoped advisory locks, taken in item order).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockItems(Collection<String> itemCodes) {
        for (String item : itemCodes.stream().filter(java.util.Objects::nonNull).distinct().sorted().toList()) {
            em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))").setParameter(1, "inbound-item:" + item)
                    .getSingleResult();
        }
    }

    /** One recorded postal event: onto its dossier, or waiting for it when it is an inbound item no dossier names. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onShipmentEvent(String shipmentEventId, ShipmentEventData data) {
        if (data.event() == null) {
            return;
        }
        Dossier dossier;
        if (data.dossierCode() != null) {
            dossier = Dossier.lock(data.dossierCode());
        } else {
            Dossier byItem = Dossier.findByInboundTrackingNumber(data.itemCode());
            dossier = byItem == null ? null : Dossier.lock(byItem.code);
        }
        if (dossier != null) {
            apply(dossier, shipmentEventId, data);
        } else if (data.dossierCode() == null && data.direction() == Direction.INBOUND) {
            em.createNativeQuery("INSERT INTO waiting_postal_event (shipment_event_id, item_code, occurred_at, data) "
                    + "VALUES (?1, ?2, ?3, CAST(?4 AS jsonb)) ON CONFLICT DO NOTHING").setParameter(1, shipmentEventId)
                    .setParameter(2, data.itemCode()).setParameter(3, data.event().occurredAt())
                    .setParameter(4, EventJson.write(data)).executeUpdate();
            LOG.debugf("postal event %s of %s waits for its dossier", shipmentEventId, data.itemCode());
        } else {
            LOG.warnf("postal event %s of %s names dossier %s, which does not exist: ignored", shipmentEventId,
                    data.itemCode(), data.dossierCode());
        }
    }

    /** A dossier appeared (registered by its agency, or from VNPost's collection): its item's waiting events apply. */
    void onAppeared(@Observes DossierService.Appeared appeared) {
        Dossier d = appeared.dossier();
        if (d.inboundTrackingNumber == null) {
            return;
        }
        lockItems(List.of(d.inboundTrackingNumber));
        @SuppressWarnings("unchecked")
        List<Object[]> waiting = em.createNativeQuery("DELETE FROM waiting_postal_event WHERE item_code = ?1 "
                + "RETURNING shipment_event_id, data::text, occurred_at").setParameter(1, d.inboundTrackingNumber)
                .getResultList();
        waiting.stream().sorted(java.util.Comparator.comparing((Object[] r) -> SqlValues.instant(r[2]))
                .thenComparing(r -> (String) r[0]))
                .forEach(r -> apply(d, (String) r[0], EventJson.read((String) r[1], ShipmentEventData.class)));
        if (!waiting.isEmpty()) {
            LOG.infof("dossier %s: %d postal events of %s that came before it applied", d.code, waiting.size(),
                    d.inboundTrackingNumber);
        }
    }

    private void apply(Dossier dossier, String shipmentEventId, ShipmentEventData data) {
        ShipmentEventData.TrackingEvent e = data.event();
        String what = e.canonicalState() != null ? e.canonicalState().name() : "code " + e.statusCode();
        String title = data.direction() + " " + data.itemCode() + ": " + what
                + (e.postOfficeName() != null ? " at " + e.postOfficeName() : "");
        TimelineEntry.of(dossier.code, e.occurredAt(), TimelineEntry.Kind.POSTAL, "postal-tracking-service", title,
                EventJson.write(Map.of("itemCode", data.itemCode(), "direction", data.direction(), "statusCode",
                        e.statusCode(), "state", String.valueOf(e.canonicalState()))))
                .persist();
        milestones.apply(dossier, data,
                new DossierEventData.PostalStep(shipmentEventId, data.itemCode(), data.direction(), e));
    }

    /**
     * Waiting events no dossier claimed in 60 days: an item VNPost handled that never became a dossier of ours. A run
     * missed while the database is away is made up by the next.
     */
    @Scheduled(identity = "waiting-postal-events-purge", every = "6h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purgeUnclaimed() {
        int purged = em.createNativeQuery("DELETE FROM waiting_postal_event WHERE created_at < ?1")
                .setParameter(1, java.time.Instant.now().minus(UNCLAIMED_FOR)).executeUpdate();
        if (purged > 0) {
            LOG.infof("%d postal events no dossier claimed in %d days purged", purged, UNCLAIMED_FOR.toDays());
        }
    }
}
