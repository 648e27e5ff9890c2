package vn.bcci.portalsync.reconciliation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import vn.bcci.messaging.Backoff;
import vn.bcci.messaging.WakeableLoop;
import vn.bcci.portalsync.delivery.PortalClient;
import vn.bcci.portalsync.delivery.PortalConfig;
import vn.bcci.portalsync.delivery.PortalEntries;
import vn.bcci.portalsync.delivery.PortalUnavailable;
import vn.bcci.portalsync.delivery.SyncWorker;
import vn.bcci.portalsync.domain.PortalRecord;
import vn.bcci.support.ProblemException;
import vn.bcci.support.SqlValues;
import vn.bcci.support.Texts;

/**
 * Reconciliation: what we believe the portal holds (dossiers at rest, acknowledged) compared with what
 * {@code TraCuuHoSo} shows, one dossier at a time through the same paced client as the sync (so it never exceeds the
 * portal's rate), all or a sample. Drift is recorded and repaired by making the dossier owed again: a dossier the
 * portal lost is created again with its entries, a stale status is sent again, missing entries are sent again. A run
 * records its cursor with each dossier, so a restart resumes it; its progress is readable while it runs.
 */
@ApplicationScoped
public class Reconciler extends WakeableLoop {
    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final int PAGE = 100;

    public enum Mode {
        FULL,
        SAMPLE
    }

    /** A run as operators see it. */
    public record Run(long id, String mode, Double sampleShare, String agencyCode, String requestedBy, String state,
            int total, int checked, int missing, int staleStatus, int missingEntries, int repaired,
            String lastError, Instant createdAt, Instant startedAt, Instant finishedAt, List<Drift> drift) {
    }

    public record Drift(String dossierCode, String kind, String detail, Instant foundAt) {
    }

    private final EntityManager em;
    private final ObjectMapper json;
    private final PortalClient portal;
    private final SyncWorker sync;
    private final MeterRegistry metrics;
    private final Backoff backoff;
    private final double scheduledShare;

    public Reconciler(EntityManager em, ObjectMapper json, PortalClient portal, SyncWorker sync, MeterRegistry metrics,
            PortalConfig config) {
        this.em = em;
        this.json = json;
        this.portal = portal;
        this.sync = sync;
        this.metrics = metrics;
        this.scheduledShare = config.reconcile().sample();
        this.backoff = new Backoff(config.backoff().min(), config.backoff().max());
    }

    void start(@Observes StartupEvent ignored) {
        startLoop("reconcile");
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopLoop(Duration.ofSeconds(15));
    }

    /** Queues a run; the one already queued or running for the same scope is answered instead of a second. */
    @Transactional
    public Run request(Mode mode, Double share, String agency, String requestedBy) {
        if (mode == Mode.SAMPLE && (share == null || share <= 0 || share > 1)) {
            throw ProblemException.invalid("share", "must be more than 0 and at most 1 for a SAMPLE run");
        }
        @SuppressWarnings("unchecked")
        List<Number> open = em.createNativeQuery("SELECT id FROM reconciliation WHERE state IN ('QUEUED', 'RUNNING') "
                + "AND agency_code IS NOT DISTINCT FROM ?1 ORDER BY id LIMIT 1").setParameter(1, agency)
                .getResultList();
        long id = !open.isEmpty()
                ? open.get(0).longValue()
                : ((Number) em.createNativeQuery("INSERT INTO reconciliation (mode, sample_share, agency_code, "
                        + "requested_by) VALUES (?1, ?2, ?3, ?4) RETURNING id").setParameter(1, mode.name())
                        .setParameter(2, mode == Mode.FULL ? null : share).setParameter(3, agency)
                        .setParameter(4, requestedBy).getSingleResult()).longValue();
        wake();
        return find(id);
    }

    /** The scheduled sample ({@code portal.reconcile.every}, {@code portal.reconcile.sample}). */
    @Scheduled(every = "${portal.reconcile.every:6h}", delayed = "${portal.reconcile.first-after:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Run run = request(scheduledShare >= 1 ? Mode.FULL : Mode.SAMPLE, scheduledShare, null, "schedule");
        LOG.infof("scheduled reconciliation %d (%s)", run.id(), run.mode());
    }

    private static final String RUN_COLUMNS = "id, mode, sample_share, agency_code, requested_by, state, total, "
            + "checked, missing, stale_status, missing_entries, repaired, last_error, created_at, started_at, "
            + "finished_at";

    /** One run with its drift (the first 200 found). */
    @Transactional
    @SuppressWarnings("unchecked")
    public Run find(long id) {
        List<Object[]> rows = em.createNativeQuery("SELECT " + RUN_COLUMNS + " FROM reconciliation WHERE id = ?1")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw ProblemException.notFound("reconciliation " + id);
        }
        List<Drift> drift = ((List<Object[]>) em.createNativeQuery("SELECT dossier_code, kind, detail, found_at "
                + "FROM reconciliation_drift WHERE reconciliation_id = ?1 ORDER BY found_at, dossier_code LIMIT 200")
                .setParameter(1, id).getResultList()).stream()
                .map(d -> new Drift((String) d[0], (String) d[1], (String) d[2], SqlValues.instant(d[3])))
                .toList();
        return run(rows.get(0), drift);
    }

    /** Runs, newest first, without their drift lists. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Run> recent(int limit) {
        return ((List<Object[]>) em.createNativeQuery("SELECT " + RUN_COLUMNS + " FROM reconciliation "
                + "ORDER BY id DESC LIMIT ?1").setParameter(1, limit).getResultList()).stream()
                .map(r -> run(r, List.of())).toList();
    }

    private static Run run(Object[] r, List<Drift> drift) {
        return new Run(((Number) r[0]).longValue(), (String) r[1], r[2] == null ? null : ((Number) r[2]).doubleValue(),
                (String) r[3], (String) r[4], (String) r[5], ((Number) r[6]).intValue(), ((Number) r[7]).intValue(),
                ((Number) r[8]).intValue(), ((Number) r[9]).intValue(), ((Number) r[10]).intValue(),
                ((Number) r[11]).intValue(), (String) r[12], SqlValues.instant(r[13]),
                SqlValues.instant(r[14]), SqlValues.instant(r[15]), drift);
    }

    // ---- the run ------------------------------------------------------------------------------------------------

    record Claimed(long id, String mode, Double share, String agency, String cursor) {
    }

    record Believed(String code, String agency, String record) {
    }

    @Override
    protected void loop() {
        while (running()) {
            try {
                Claimed run = QuarkusTransaction.requiringNew().call(this::claim);
                if (run == null) {
                    await(Duration.ofSeconds(5));
                    continue;
                }
                execute(run);
            } catch (RuntimeException e) {
                roundFailed(LOG, "reconciliation round", e);
                await(Duration.ofSeconds(5));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private Claimed claim() {
        List<Object[]> rows = em.createNativeQuery("UPDATE reconciliation r SET lease_until = ?1, state = 'RUNNING', "
                + "started_at = coalesce(started_at, now()) FROM (SELECT id FROM reconciliation WHERE state IN "
                + "('QUEUED', 'RUNNING') AND (lease_until IS NULL OR lease_until < now()) ORDER BY id LIMIT 1 "
                + "FOR UPDATE SKIP LOCKED) c WHERE r.id = c.id RETURNING r.id, r.mode, r.sample_share, r.agency_code, "
                + "r.cursor, r.total").setParameter(1, Instant.now().plus(LEASE)).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        Claimed run = new Claimed(((Number) r[0]).longValue(), (String) r[1],
                r[2] == null ? null : ((Number) r[2]).doubleValue(), (String) r[3], (String) r[4]);
        if (run.cursor() == null) {
            Number total = (Number) em.createNativeQuery("SELECT count(*) FROM portal_dossier WHERE " + scope(run))
                    .setParameter(1, run.agency()).getSingleResult();
            em.createNativeQuery("UPDATE reconciliation SET total = ?2 WHERE id = ?1").setParameter(1, run.id())
                    .setParameter(2, total.intValue()).executeUpdate();
            LOG.infof("reconciliation %d started: %s, %d dossiers to compare with the portal", run.id(), run.mode(),
                    total.intValue());
        }
        return run;
    }

    /**
     * Dossiers the portal is believed to hold as we last sent them; a sample is a stable pseudo-random share of them
     * (the same for the whole run, so a resumed run keeps its sample).
     */
    private static String scope(Claimed run) {
        String sample = run.share() == null
                ? ""
                : " AND (abs(hashtext(code || ':' || " + run.id() + ")) % 10000) < " + Math.round(run.share() * 10000);
        return "portal_holds AND sync_state = 'SYNCED' AND (?1 IS NULL OR agency_code = ?1)" + sample;
    }

    private void execute(Claimed run) {
        String cursor = run.cursor() == null ? "" : run.cursor();
        int failures = 0;
        while (running()) {
            String after = cursor;
            @SuppressWarnings("unchecked")
            List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                    "SELECT code, agency_code, record::text FROM portal_dossier WHERE " + scope(run)
                            + " AND code > ?2 ORDER BY code LIMIT ?3")
                    .setParameter(1, run.agency()).setParameter(2, after).setParameter(3, PAGE).getResultList());
            if (rows.isEmpty()) {
                finish(run.id());
                return;
            }
            for (Object[] row : rows) {
                Believed b = new Believed((String) row[0], (String) row[1], (String) row[2]);
                while (true) {
                    if (!running()) {
                        return;
                    }
                    try {
                        compare(run.id(), b);
                        failures = 0;
                        break;
                    } catch (PortalUnavailable e) {
                        failures++;
                        Duration wait = e.retryAfter() != null ? e.retryAfter() : backoff.after(failures);
                        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE reconciliation SET "
                                + "last_error = ?2, lease_until = ?3 WHERE id = ?1").setParameter(1, run.id())
                                .setParameter(2, Texts.truncate(e.getMessage(), 500))
                                .setParameter(3, Instant.now().plus(LEASE).plus(wait)).executeUpdate());
                        await(wait);
                    }
                }
                cursor = b.code();
            }
        }
    }

    private void compare(long runId, Believed b) throws PortalUnavailable {
        JsonNode held = portal.lookUp(b.agency(), b.code());
        QuarkusTransaction.requiringNew().run(() -> {
            List<String> kinds = new ArrayList<>();
            if (held.isMissingNode() || held.isNull() || held.path("MaHoSo").asText("").isEmpty()) {
                kinds.add("MISSING");
                drift(runId, b.code(), "MISSING", "the portal holds nothing for this dossier");
                em.createNativeQuery("UPDATE portal_dossier SET portal_holds = FALSE, sync_state = 'PENDING', "
                        + "revision = revision + 1, changed_at = now() WHERE code = ?1").setParameter(1, b.code())
                        .executeUpdate();
                em.createNativeQuery("UPDATE progress_entry SET state = 'PENDING', last_answer = 'lost by the portal "
                        + "(reconciliation)' WHERE dossier_code = ?1 AND state = 'SENT'").setParameter(1, b.code())
                        .executeUpdate();
            } else {
                String ours = statusOf(b.record());
                String theirs = held.path("TrangThaiHoSo").asText();
                if (!ours.equals(theirs)) {
                    kinds.add("STALE_STATUS");
                    drift(runId, b.code(), "STALE_STATUS", "the portal shows status " + theirs + ", we sent " + ours);
                    em.createNativeQuery("UPDATE portal_dossier SET sync_state = 'PENDING', revision = revision + 1, "
                            + "changed_at = now() WHERE code = ?1").setParameter(1, b.code()).executeUpdate();
                }
                List<Long> lost = new ArrayList<>();
                for (Object[] e : sentEntries(b.code())) {
                    if (!PortalEntries.holds(held.path("TienDo"), PortalRecord.time(SqlValues.instant(e[1])),
                            (String) e[2], (String) e[3])) {
                        lost.add(((Number) e[0]).longValue());
                    }
                }
                if (!lost.isEmpty()) {
                    kinds.add("MISSING_ENTRIES");
                    drift(runId, b.code(), "MISSING_ENTRIES", lost.size() + " progress entries are not on the portal");
                    em.createNativeQuery("UPDATE progress_entry SET state = 'PENDING', last_answer = 'lost by the "
                            + "portal (reconciliation)' WHERE id IN (?1)").setParameter(1, lost).executeUpdate();
                }
            }
            kinds.forEach(k -> metrics.counter("portal.reconcile.drift", "kind", k).increment());
            em.createNativeQuery("UPDATE reconciliation SET checked = checked + 1, cursor = ?2, last_error = NULL, "
                    + "missing = missing + ?3, stale_status = stale_status + ?4, missing_entries = missing_entries + ?5, "
                    + "repaired = repaired + ?6, lease_until = ?7 WHERE id = ?1").setParameter(1, runId)
                    .setParameter(2, b.code()).setParameter(3, kinds.contains("MISSING") ? 1 : 0)
                    .setParameter(4, kinds.contains("STALE_STATUS") ? 1 : 0)
                    .setParameter(5, kinds.contains("MISSING_ENTRIES") ? 1 : 0)
                    .setParameter(6, kinds.isEmpty() ? 0 : 1).setParameter(7, Instant.now().plus(LEASE))
                    .executeUpdate();
            if (!kinds.isEmpty()) {
                LOG.warnf("reconciliation %d: %s drifted on the portal (%s), owed again", runId, b.code(), kinds);
            }
        });
        sync.wake();
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> sentEntries(String code) {
        return em.createNativeQuery("SELECT id, at, content, handler FROM progress_entry WHERE dossier_code = ?1 "
                + "AND state = 'SENT' ORDER BY at, id").setParameter(1, code).getResultList();
    }

    private void drift(long runId, String code, String kind, String detail) {
        em.createNativeQuery("INSERT INTO reconciliation_drift (reconciliation_id, dossier_code, kind, detail) "
                + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING").setParameter(1, runId).setParameter(2, code)
                .setParameter(3, kind).setParameter(4, detail).executeUpdate();
    }

    private void finish(long runId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("UPDATE reconciliation SET state = 'DONE', "
                + "finished_at = now(), lease_until = NULL WHERE id = ?1").setParameter(1, runId).executeUpdate());
        Run r = find(runId);
        LOG.infof("reconciliation %d done: %d of %d checked, %d missing, %d stale, %d with missing entries, %d "
                + "repaired", runId, r.checked(), r.total(), r.missing(), r.staleStatus(), r.missingEntries(),
                r.repaired());
    }

    private String statusOf(String record) {
        try {
            return json.readTree(record).path("TrangThaiHoSo").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored portal record is unreadable", e);
        }
    }
}
