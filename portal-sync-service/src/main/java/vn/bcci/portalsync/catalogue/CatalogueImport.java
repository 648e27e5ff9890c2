package vn.bcci.portalsync.catalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.ProcedureData;
import vn.bcci.messaging.jobs.JobLeases;
import vn.bcci.messaging.outbox.Outbox;
import vn.bcci.portalsync.portal.PortalClient;
import vn.bcci.portalsync.portal.PortalUnavailable;

/**
 * Imports the portal's procedure catalogue ({@code LayDanhSachTTHC}, every page) shortly after start and on a schedule,
 * and publishes each new or changed procedure on the compacted {@code portal.procedures.v1}.
 */
@ApplicationScoped
public class CatalogueImport {
    private static final Logger LOG = Logger.getLogger(CatalogueImport.class);
    private static final int PAGE_SIZE = 500;
    /** The agency on whose behalf the catalogue is read; the catalogue is national. */
    private static final String NATIONAL = "000.00.00.000";
    private static final String JOB = "catalogue-import";
    /** Long enough for every page of the catalogue at the portal's rate. */
    private static final java.time.Duration LEASE = java.time.Duration.ofMinutes(10);

    private final PortalClient portal;
    private final Outbox outbox;
    private final JobLeases jobs;
    private final java.time.Duration refresh;
    private final CatalogueStore store;

    public CatalogueImport(PortalClient portal, Outbox outbox, JobLeases jobs, CatalogueStore store,
            vn.bcci.portalsync.portal.PortalConfig config) {
        this.portal = portal;
        this.store = store;
        this.outbox = outbox;
        this.jobs = jobs;
        this.refresh = config.catalogue().refresh();
    }

    /**
     * Imports at start and every {@code portal.catalogue.refresh}, once across all instances (a {@link JobLeases}
     * lease; its fence guards the import's one write transaction). A failed import (the portal, our database or the
     * broker unavailable) is tried again at the next tick ({@code portal.catalogue.retry}, 30 s) of any instance, not at
     * the next refresh: without the catalogue no dossier can be registered.
     */
    @Scheduled(identity = "catalogue-import", every = "${portal.catalogue.retry:30s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (!vn.bcci.messaging.database.DatabaseMigration.migrated()) {
            return;
        }
        JobLeases.Lease lease;
        try {
            lease = jobs.claimIfDue(JOB, refresh, LEASE).orElse(null);
        } catch (RuntimeException e) {
            LOG.warnf("procedure catalogue import not started, will retry shortly: %s", e.getMessage());
            return;
        }
        if (lease == null) {
            return;
        }
        try {
            importAll(lease);
            jobs.done(lease);
        } catch (PortalUnavailable | RuntimeException e) {
            LOG.warnf("procedure catalogue not imported, will retry shortly: %s", e.getMessage());
            try {
                jobs.release(lease);
            } catch (RuntimeException ignored) { // the lease expires by itself
            }
        }
    }

    /** Reads every page and stores them under {@code lease}; returns how many procedures changed. */
    private int importAll(JobLeases.Lease lease) throws PortalUnavailable {
        List<ProcedureData> all = new ArrayList<>();
        for (int page = 1;; page++) {
            ObjectNode body = portal.body("LayDanhSachTTHC", NATIONAL);
            body.put("page", page);
            body.put("size", PAGE_SIZE);
            JsonNode result = portal.call(body).path("result");
            result.forEach(p -> all.add(new ProcedureData(p.path("MaTTHC").asText(), p.path("TenTTHC").asText(),
                    p.path("MaLinhVuc").asText(null), p.path("TenLinhVuc").asText(null),
                    p.path("CoQuanThucHien").asText(null), p.path("ThoiHanGiaiQuyet").asInt(0),
                    "1".equals(p.path("NhanQuaBCCI").asText()), "1".equals(p.path("TraQuaBCCI").asText()))));
            if (result.size() < PAGE_SIZE) {
                break;
            }
        }
        int changed = QuarkusTransaction.requiringNew().call(() -> {
            jobs.checkFence(lease);
            return store(all);
        });
        LOG.infof("procedure catalogue imported: %d procedures, %d new or changed", all.size(), changed);
        return changed;
    }

    private int store(List<ProcedureData> procedures) {
        int changed = 0;
        Instant now = Instant.now();
        for (ProcedureData p : procedures) {
            if (store.imported(p, now)) {
                outbox.publish(Topics.PORTAL_PROCEDURES, p.code(), EventTypes.PROCEDURE_PUBLISHED, p.code(), now, p);
                changed++;
            }
        }
        return changed;
    }
}
