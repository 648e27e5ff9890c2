package vn.bcci.portalsync.reconciliation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;

import vn.bcci.messaging.jobs.JobLeases;
import vn.bcci.messaging.jobs.WakeableLoop;
import vn.bcci.messaging.retry.Backoff;
import vn.bcci.portalsync.delivery.PortalEntries;
import vn.bcci.portalsync.delivery.SyncWorker;
import vn.bcci.portalsync.domain.PortalRecord;
import vn.bcci.portalsync.portal.PortalClient;
import vn.bcci.portalsync.portal.PortalConfig;
import vn.bcci.portalsync.portal.PortalUnavailable;
import vn.bcci.portalsync.reconciliation.ReconciliationRun.Mode;
import vn.bcci.portalsync.reconciliation.ReconciliationStore.Believed;
import vn.bcci.portalsync.reconciliation.ReconciliationStore.Claimed;
import vn.bcci.support.problem.ProblemException;

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
    private static final int PAGE = 100;

    private final ReconciliationStore store;
    private final ObjectMapper json;
    private final PortalClient portal;
    private final SyncWorker sync;
    private final MeterRegistry metrics;
    private final Backoff backoff;
    private final double scheduledShare;
    private final String scheduleEvery;
    private final JobLeases jobs;

    public Reconciler(ReconciliationStore store, ObjectMapper json, PortalClient portal, SyncWorker sync,
            MeterRegistry metrics, PortalConfig config, JobLeases jobs) {
        this.store = store;
        this.jobs = jobs;
        this.scheduleEvery = config.reconcile().every();
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
    public ReconciliationRun request(Mode mode, Double share, String agency, String requestedBy) {
        if (mode == Mode.SAMPLE && (share == null || share <= 0 || share > 1)) {
            throw ProblemException.invalid("share", "must be more than 0 and at most 1 for a SAMPLE run");
        }
        Long open = store.openRun(agency);
        long id = open != null ? open : store.queue(mode, share, agency, requestedBy);
        wake();
        return find(id);
    }

    /**
     * The scheduled sample ({@code portal.reconcile.every}, {@code portal.reconcile.sample}): every instance's timer
     * ticks, and the first in each period requests the run, once across all instances ({@link JobLeases}; the request
     * commits only under its fence).
     */
    @Scheduled(every = "${portal.reconcile.every:6h}", delayed = "${portal.reconcile.first-after:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        // due a little before a whole period since the last: the instances' timers tick out of phase
        Duration period = DurationConverter.parseDuration(scheduleEvery).multipliedBy(9).dividedBy(10);
        JobLeases.Lease lease = jobs.claimIfDue("reconciliation-schedule", period, Duration.ofMinutes(5)).orElse(null);
        if (lease == null) {
            return;
        }
        try {
            ReconciliationRun run = QuarkusTransaction.requiringNew().call(() -> {
                jobs.checkFence(lease);
                return request(scheduledShare >= 1 ? Mode.FULL : Mode.SAMPLE, scheduledShare, null, "schedule");
            });
            jobs.done(lease);
            LOG.infof("scheduled reconciliation %d (%s)", run.id(), run.mode());
        } catch (RuntimeException e) {
            jobs.release(lease);
            throw e;
        }
    }

    /** One run with its drift (the first 200 found). */
    @Transactional
    public ReconciliationRun find(long id) {
        ReconciliationRun run = store.find(id);
        if (run == null) {
            throw ProblemException.notFound("reconciliation " + id);
        }
        return run;
    }

    /** Runs, newest first, without their drift lists. */
    @Transactional
    public List<ReconciliationRun> recent(int limit) {
        return store.recent(limit);
    }

    // ---- the run ------------------------------------------------------------------------------------------------

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

    private Claimed claim() {
        Claimed run = store.claim();
        if (run != null && run.cursor() == null) {
            int total = store.countTotal(run);
            LOG.infof("reconciliation %d started: %s, %d dossiers to compare with the portal", run.id(), run.mode(),
                    total);
        }
        return run;
    }

    private void execute(Claimed run) {
        String cursor = run.cursor() == null ? "" : run.cursor();
        int failures = 0;
        while (running()) {
            String after = cursor;
            List<Believed> page = QuarkusTransaction.requiringNew().call(() -> store.page(run, after, PAGE));
            if (page.isEmpty()) {
                finish(run.id());
                return;
            }
            for (Believed b : page) {
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
                        QuarkusTransaction.requiringNew()
                                .run(() -> store.portalUnavailable(run.id(), e.getMessage(), wait));
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
                store.drift(runId, b.code(), "MISSING", "the portal holds nothing for this dossier");
                store.lostByThePortal(b.code());
            } else {
                String ours = statusOf(b.record());
                String theirs = held.path("TrangThaiHoSo").asText();
                if (!ours.equals(theirs)) {
                    kinds.add("STALE_STATUS");
                    store.drift(runId, b.code(), "STALE_STATUS", "the portal shows status " + theirs + ", we sent "
                            + ours);
                    store.owedAgain(b.code());
                }
                List<Long> lost = new ArrayList<>();
                for (ReconciliationStore.SentEntry e : store.sentEntries(b.code())) {
                    if (!PortalEntries.holds(held.path("TienDo"), PortalRecord.time(e.at()), e.content(),
                            e.handler())) {
                        lost.add(e.id());
                    }
                }
                if (!lost.isEmpty()) {
                    kinds.add("MISSING_ENTRIES");
                    store.drift(runId, b.code(), "MISSING_ENTRIES", lost.size()
                            + " progress entries are not on the portal");
                    store.entriesLost(lost);
                }
            }
            kinds.forEach(k -> metrics.counter("portal.reconcile.drift", "kind", k).increment());
            store.checked(runId, b.code(), kinds.contains("MISSING"), kinds.contains("STALE_STATUS"),
                    kinds.contains("MISSING_ENTRIES"));
            if (!kinds.isEmpty()) {
                LOG.warnf("reconciliation %d: %s drifted on the portal (%s), owed again", runId, b.code(), kinds);
            }
        });
        sync.wake();
    }

    private void finish(long runId) {
        QuarkusTransaction.requiringNew().run(() -> store.finish(runId));
        ReconciliationRun r = find(runId);
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
