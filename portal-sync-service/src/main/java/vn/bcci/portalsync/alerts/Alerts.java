package vn.bcci.portalsync.alerts;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import vn.bcci.support.sql.SqlValues;
import vn.bcci.support.text.Masking;

/**
 * What operators must act on before it becomes a breach, each kind a count and a list with a link to its dossier. The
 * rules, in one place (their SQL in {@link AlertStore}):
 * <ul>
 * <li>{@code DUE_SOON}: the clock runs ({@code BcciReport.CLOCK_RUNNING}), not finished, due after now and within one
 * working day ({@link DueSoonWatch#horizon});</li>
 * <li>{@code OVERDUE}: the clock runs, not finished, due date passed (docs/domain.md §6);</li>
 * <li>{@code STALLED_SHIPMENT}: an item VNPost's watch flagged, not cleared by a later event ({@link ShipmentAlerts});</li>
 * <li>{@code FAILED_DELIVERY}: the result's delivery by post failed or went back, and no delivery since;</li>
 * <li>{@code PARKED}: the portal refused the dossier (answer 2) and it waits for an operator;</li>
 * <li>{@code DISABLED_WEBHOOK}: a subscription disabled after failing too long, or answered 410;</li>
 * <li>{@code RECONCILIATION_DRIFT}: drift a reconciliation found whose repair the portal has not acknowledged yet
 * (what acknowledges each kind: portal-sync's V16 migration, which keeps {@code repaired_at}).</li>
 * <li>{@code CLIENT_LIMITED}: a client some instance of some service refused at a door (its quota spent) in the last 15
 * minutes, one per client, service and door, with how much was refused and taken ({@link ClientLimitsConsumer}).</li>
 * </ul>
 */
@ApplicationScoped
public class Alerts {
    public enum Kind {
        DUE_SOON,
        OVERDUE,
        STALLED_SHIPMENT,
        FAILED_DELIVERY,
        PARKED,
        DISABLED_WEBHOOK,
        RECONCILIATION_DRIFT,
        CLIENT_LIMITED
    }

    /**
     * One alert. {@code dossierCode} links to the dossier (absent for a webhook subscription); {@code since} is when
     * it began or is due; {@code detail} carries no personal data unmasked.
     */
    public record Alert(Kind kind, String dossierCode, String agencyCode, String itemCode, Instant since,
            String detail) {
    }

    public record Summary(Instant asOf, Instant dueSoonHorizon, Map<Kind, Long> counts) {
    }

    @Inject
    AlertStore store;
    @Inject
    DueSoonWatch dueSoon;

    /** How many of each kind, for one agency ({@code null}: all). */
    @Transactional
    public Summary summary(String agency, Instant now) {
        Instant horizon = dueSoon.horizon(now);
        Map<Kind, Long> counts = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            counts.put(kind, store.count(kind, agency, now, horizon));
        }
        return new Summary(now, horizon, counts);
    }

    /** The alerts of one kind, oldest (or soonest due) first, at most {@code limit}. */
    @Transactional
    public List<Alert> list(Kind kind, String agency, Instant now, int limit) {
        return store.list(kind, agency, now, dueSoon.horizon(now), limit).stream().map(r -> new Alert(kind,
                (String) r[0], (String) r[1], (String) r[2], SqlValues.instant(r[3]),
                r[4] == null ? null : Masking.text(String.valueOf(r[4])))).toList();
    }
}
