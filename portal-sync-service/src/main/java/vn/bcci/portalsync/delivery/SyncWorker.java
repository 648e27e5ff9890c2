package vn.bcci.portalsync.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.PortalSyncOutcomeData;
import vn.bcci.messaging.Backoff;
import vn.bcci.messaging.Outbox;
import vn.bcci.messaging.WakeableLoop;
import vn.bcci.portalsync.delivery.DeliveryStore.DossierClaim;
import vn.bcci.portalsync.delivery.DeliveryStore.EntryClaim;
import vn.bcci.portalsync.domain.PortalRecord;
import vn.bcci.portalsync.feed.OperatorFeed;
import vn.bcci.support.Texts;

/**
 * Delivers what the portal is owed, per dossier in order, latest state wins, whatever fails on the way.
 *
 * <p>
 * Dossier records: owed rows are leased (so several instances never send the same dossier at once), sent in batches
 * per agency (create or update as we believe the portal holds it, corrected by its answers 3 and 4), and acknowledged
 * in one transaction per answer: {@code acked_revision} moves to the revision sent, so a change that arrived during
 * the call stays owed and goes in the next call.
 * <p>
 * Progress entries: marked {@code IN_DOUBT} (committed) before the call and {@code SENT} in the transaction of the
 * answer. An entry found in doubt (a crash, a timeout, a 5xx) is looked up on the portal ({@code TraCuuHoSo}) before it
 * is sent again, so the portal never shows an entry twice.
 * <p>
 * Transient faults back off exponentially with jitter (honouring {@code Retry-After}); after a run of them the
 * circuit opens and no call is made until it is time to try again.
 */
@ApplicationScoped
public class SyncWorker extends WakeableLoop {
    private static final Logger LOG = Logger.getLogger(SyncWorker.class);

    private final PortalClient portal;
    private final Outbox outbox;
    private final DeliveryStore store;
    private final ObjectMapper json;
    private final int batchSize;
    private final Backoff backoff;
    private final int breakerFailures;
    private final Duration breakerOpenFor;
    private final boolean enabled;
    /**
     * How long a progress entry waits after we learned of it before it is sent: the two topics a dossier's steps come
     * from are consumed independently, and the portal shows entries in the order it receives them, so an earlier
     * step learned a moment later must still go first.
     */
    private final Duration settle;
    private final AtomicInteger breakerOpen = new AtomicInteger();
    private final OperatorFeed feed;
    /** Calls answered in the current round: a round that made progress does not count towards opening the circuit. */
    private int answeredThisRound;

    public SyncWorker(PortalClient portal, Outbox outbox, OperatorFeed feed, DeliveryStore store, ObjectMapper json,
            MeterRegistry metrics, PortalConfig config) {
        this.settle = config.progress().settle();
        this.portal = portal;
        this.outbox = outbox;
        this.feed = feed;
        this.store = store;
        this.json = json;
        this.batchSize = Math.min(100, config.batchSize());
        this.backoff = new Backoff(config.backoff().min(), config.backoff().max());
        this.breakerFailures = config.breaker().failures();
        this.breakerOpenFor = config.breaker().openFor();
        this.enabled = config.sync().enabled();
        Gauge.builder("portal.breaker.open", breakerOpen, AtomicInteger::get)
                .description("1 while the circuit to the portal is open").register(metrics);
    }

    /** Whether the circuit to the portal is open (no calls until it is time to try again). */
    public boolean breakerOpen() {
        return breakerOpen.get() == 1;
    }

    void start(@Observes StartupEvent ignored) {
        if (!enabled) {
            return;
        }
        startLoop("portal-sync");
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopLoop(Duration.ofSeconds(15));
    }

    @Override
    protected void loop() {
        int failures = 0;
        while (running()) {
            answeredThisRound = 0;
            try {
                int work = syncDossiers() + syncProgress();
                if (failures > 0) {
                    LOG.infof("portal answering again after %d failed attempts", failures);
                }
                failures = 0;
                breakerOpen.set(0);
                if (work == 0) {
                    await(Duration.ofMillis(250));
                }
            } catch (PortalUnavailable e) {
                failures = answeredThisRound > 0 ? 1 : failures + 1;
                Duration wait = e.retryAfter() != null ? e.retryAfter() : backoff.after(failures);
                if (failures >= breakerFailures) {
                    if (breakerOpen.getAndSet(1) == 0) {
                        LOG.warnf("circuit to the portal open after %d failures: no calls for %s", failures,
                                breakerOpenFor);
                    }
                    wait = backoffMax(wait, breakerOpenFor);
                }
                LOG.warnf("portal unavailable (%s); next attempt in %d ms", e.getMessage(), wait.toMillis());
                await(wait);
            } catch (RuntimeException e) {
                roundFailed(LOG, "portal sync round", e);
                await(Duration.ofSeconds(1));
            }
        }
    }

    private static Duration backoffMax(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    // ---- dossier records ---------------------------------------------------------------------------------------

    int syncDossiers() throws PortalUnavailable {
        List<DossierClaim> claims = QuarkusTransaction.requiringNew().call(() -> store.claimDossiers(batchSize));
        if (claims.isEmpty()) {
            return 0;
        }
        try {
            Map<String, List<DossierClaim>> groups = new LinkedHashMap<>();
            for (DossierClaim c : claims) {
                groups.computeIfAbsent(c.agency() + "|" + c.portalHolds(), k -> new ArrayList<>()).add(c);
            }
            for (List<DossierClaim> group : groups.values()) {
                ObjectNode body = portal.body("DongBoHoSoMC", group.get(0).agency());
                body.put("isUpdating", group.get(0).portalHolds() ? "True" : "False");
                ArrayNode data = body.putArray("data");
                for (DossierClaim c : group) {
                    data.add(readTree(c.record()));
                }
                JsonNode answer = portal.call(body);
                answeredThisRound++;
                if (!"0".equals(answer.path("error_code").asText())) {
                    throw new IllegalStateException("portal did not read the batch: " + answer);
                }
                QuarkusTransaction.requiringNew().run(() -> applyDossierAnswers(group, answer.path("result")));
            }
            return claims.size();
        } finally {
            QuarkusTransaction.requiringNew()
                    .run(() -> store.releaseDossiers(claims.stream().map(DossierClaim::code).toList()));
        }
    }

    private void applyDossierAnswers(List<DossierClaim> sent, JsonNode results) {
        // in code order: the consumers lock the dossiers of a batch in that order too, so no lock cycle can form
        List<Integer> byCode = java.util.stream.IntStream.range(0, sent.size()).boxed()
                .sorted(java.util.Comparator.comparing(i -> sent.get(i).code())).toList();
        for (int i : byCode) {
            DossierClaim c = sent.get(i);
            JsonNode result = results.path(i);
            String code = result.path("error_code").asText("");
            String message = Texts.truncate(result.path("message").asText(""), 1000);
            switch (PortalAnswers.forDossier(code)) {
                case ACKNOWLEDGE -> {
                    store.acknowledged(c.code(), c.revision(), "0 " + message);
                    outcome(c.code(), "DOSSIER", "ACCEPTED", statusOf(c.record()), code, message);
                }
                case SEND_AS_UPDATE -> store.portalHolds(c.code(), true, code + " " + message);
                case SEND_AS_CREATE -> store.portalHolds(c.code(), false, code + " " + message);
                case PARK -> {
                    store.parked(c.code(), c.revision(), "2 " + message);
                    LOG.warnf("portal refused dossier %s (parked): %s", c.code(), message);
                    outcome(c.code(), "DOSSIER", "REFUSED", statusOf(c.record()), code, message);
                }
                case RETRY -> store.stillOwed(c.code(), code + " " + message);
            }
        }
    }

    // ---- progress entries --------------------------------------------------------------------------------------

    int syncProgress() throws PortalUnavailable {
        List<EntryClaim> claims = QuarkusTransaction.requiringNew().call(() -> store.claimEntries(batchSize, settle));
        if (claims.isEmpty()) {
            return 0;
        }
        try {
            List<EntryClaim> toSend = new ArrayList<>(resolveDoubts(claims));
            if (toSend.isEmpty()) {
                return claims.size();
            }
            QuarkusTransaction.requiringNew().run(() -> store.inDoubt(toSend.stream().map(EntryClaim::id).toList()));
            Map<String, List<EntryClaim>> byAgency = new LinkedHashMap<>();
            for (EntryClaim e : toSend) {
                byAgency.computeIfAbsent(e.agency(), k -> new ArrayList<>()).add(e);
            }
            for (List<EntryClaim> group : byAgency.values()) {
                ObjectNode body = portal.body("CapNhatTienDoHoSoMC", group.get(0).agency());
                ArrayNode data = body.putArray("data");
                group.forEach(e -> data.add(entryJson(e)));
                JsonNode answer = portal.call(body);
                answeredThisRound++;
                if (!"0".equals(answer.path("error_code").asText())) {
                    throw new IllegalStateException("portal did not read the progress batch: " + answer);
                }
                QuarkusTransaction.requiringNew().run(() -> applyEntryAnswers(group, answer.path("result")));
            }
            return claims.size();
        } finally {
            QuarkusTransaction.requiringNew()
                    .run(() -> store.releaseEntries(claims.stream().map(EntryClaim::id).toList()));
        }
    }

    /**
     * Entries whose earlier send may have reached the portal: ask it, one lookup per dossier, and keep only those it
     * does not hold. Each answer is recorded as soon as it comes (held: sent; not held: no longer in doubt), so a
     * portal failing every few calls costs the lookup it interrupted, never the ones already made.
     */
    private List<EntryClaim> resolveDoubts(List<EntryClaim> claims) throws PortalUnavailable {
        Map<String, List<EntryClaim>> doubtsByDossier = new LinkedHashMap<>();
        for (EntryClaim e : claims) {
            if (e.inDoubt()) {
                doubtsByDossier.computeIfAbsent(e.dossierCode(), k -> new ArrayList<>()).add(e);
            }
        }
        java.util.Set<Long> settled = new java.util.HashSet<>();
        for (List<EntryClaim> doubts : doubtsByDossier.values()) {
            JsonNode held = portal.lookUp(doubts.get(0).agency(), doubts.get(0).dossierCode()).path("TienDo");
            answeredThisRound++;
            List<Long> there = new ArrayList<>();
            List<Long> notThere = new ArrayList<>();
            for (EntryClaim e : doubts) {
                (PortalEntries.holds(held, PortalRecord.time(e.at()), e.content(), e.handler()) ? there : notThere)
                        .add(e.id());
            }
            QuarkusTransaction.requiringNew().run(() -> {
                if (!there.isEmpty()) {
                    store.foundOnThePortal(there);
                }
                if (!notThere.isEmpty()) {
                    store.notOnThePortal(notThere);
                }
            });
            if (!there.isEmpty()) {
                LOG.infof("%d progress entries of %s in doubt were found on the portal: marked sent, not resent",
                        there.size(), doubts.get(0).dossierCode());
            }
            settled.addAll(there);
        }
        return claims.stream().filter(e -> !settled.contains(e.id())).toList();
    }

    private void applyEntryAnswers(List<EntryClaim> sent, JsonNode results) {
        for (int i = 0; i < sent.size(); i++) {
            EntryClaim e = sent.get(i);
            String code = results.path(i).path("error_code").asText("");
            String message = Texts.truncate(results.path(i).path("message").asText(""), 1000);
            switch (PortalAnswers.forEntry(code)) {
                case SENT -> {
                    store.entrySent(e.id(), "0 " + message);
                    outcome(e.dossierCode(), "PROGRESS", "ACCEPTED", e.statusCode(), code, e.content());
                }
                // the portal does not hold the dossier after all: create it again, then resend the entry
                case RECREATE_DOSSIER_THEN_RESEND -> store.recreateThenResend(e.id(), e.dossierCode(), "4 " + message);
                case REFUSED -> {
                    store.entryRefused(e.id(), code + " " + message);
                    LOG.warnf("portal refused a progress entry of %s: %s %s", e.dossierCode(), code, message);
                    outcome(e.dossierCode(), "PROGRESS", "REFUSED", e.statusCode(), code, message);
                }
            }
        }
    }

    private ObjectNode entryJson(EntryClaim e) {
        ObjectNode n = json.createObjectNode();
        n.put("MaHoSo", e.dossierCode());
        n.put("NguoiXuLy", e.handler());
        n.put("ChucDanh", e.title() == null ? "" : e.title());
        n.put("ThoiDiemXuLy", PortalRecord.time(e.at()));
        n.put("PhongBanXuLy", e.department() == null ? "" : e.department());
        n.put("NoiDungXuLy", e.content());
        n.put("TrangThai", Integer.toString(e.statusCode()));
        return n;
    }

    private void outcome(String dossierCode, String kind, String outcome, Integer portalStatus, String errorCode,
            String message) {
        Instant now = Instant.now();
        outbox.publish(Topics.PORTAL_SYNC, dossierCode, EventTypes.PORTAL_SYNC_OUTCOME, dossierCode, now,
                new PortalSyncOutcomeData(dossierCode, kind, outcome, portalStatus, errorCode, message, now));
        String what = "DOSSIER".equals(kind) ? "hồ sơ" : "tiến độ";
        feed.append(OperatorFeed.Kind.SYNC_OUTCOME, dossierCode, null, null, portalStatus, now,
                "ACCEPTED".equals(outcome)
                        ? "Cổng DVC quốc gia đã nhận " + what + (portalStatus != null
                                ? " (trạng thái " + portalStatus
                                        + ")"
                                : "")
                        : "Cổng DVC quốc gia từ chối " + what + ": mã " + errorCode + " " + message);
    }

    private Integer statusOf(String record) {
        return readTree(record).path("TrangThaiHoSo").asInt();
    }

    private JsonNode readTree(String record) {
        try {
            return json.readTree(record);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored portal record is unreadable", e);
        }
    }

}
