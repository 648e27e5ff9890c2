package vn.bcci.portalsync.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.payload.PortalSyncOutcomeData;
import vn.bcci.messaging.jobs.WakeableLoop;
import vn.bcci.messaging.kafka.Tracing;
import vn.bcci.messaging.outbox.Outbox;
import vn.bcci.messaging.retry.Backoff;
import vn.bcci.portalsync.delivery.DeliveryStore.DossierClaim;
import vn.bcci.portalsync.delivery.DeliveryStore.EntryClaim;
import vn.bcci.portalsync.domain.PortalRecord;
import vn.bcci.portalsync.feed.OperatorFeed;
import vn.bcci.portalsync.portal.PortalClient;
import vn.bcci.portalsync.portal.PortalConfig;
import vn.bcci.portalsync.portal.PortalUnavailable;
import vn.bcci.portalsync.report.ReportFactsStore;
import vn.bcci.support.text.Texts;

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
 * circuit opens and one attempt is made every {@code portal.breaker.open-for} until the portal answers
 * ({@link Circuit}).
 */
@ApplicationScoped
public class SyncWorker extends WakeableLoop {
    private static final Logger LOG = Logger.getLogger(SyncWorker.class);

    private final PortalClient portal;
    private final Outbox outbox;
    private final DeliveryStore store;
    private final ObjectMapper json;
    private final int batchSize;
    private final Circuit circuit;
    private final boolean enabled;
    /**
     * How long a progress entry waits after we learned of it before it is sent: the two topics a dossier's steps come
     * from are consumed independently, and the portal shows entries in the order it receives them, so an earlier
     * step learned a moment later must still go first.
     */
    private final Duration settle;
    private final OperatorFeed feed;
    private final Tracing tracing;
    private final ReportFactsStore facts;
    /** Calls answered in the current round: a round that made progress does not count towards opening the circuit. */
    private int answeredThisRound;
    /** Until when this round may start portal calls for what it claimed ({@link #CALLS_WITHIN} after the claim). */
    private long callsUntil;

    public SyncWorker(PortalClient portal, Outbox outbox, OperatorFeed feed, DeliveryStore store, ObjectMapper json,
            MeterRegistry metrics, PortalConfig config, Tracing tracing, ReportFactsStore facts) {
        this.tracing = tracing;
        this.facts = facts;
        this.settle = config.progress().settle();
        this.portal = portal;
        this.outbox = outbox;
        this.feed = feed;
        this.store = store;
        this.json = json;
        this.batchSize = Math.min(100, config.batchSize());
        this.circuit = new Circuit(new Backoff(config.backoff().min(), config.backoff().max()),
                config.breaker().failures(), config.breaker().openFor());
        this.enabled = config.sync().enabled();
        Gauge.builder("portal.breaker.open", circuit, c -> c.open() ? 1 : 0)
                .description("1 while the circuit to the portal is open").register(metrics);
    }

    /** Whether the circuit to the portal is open (no calls until it is time to try again). */
    public boolean breakerOpen() {
        return circuit.open();
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
        while (running()) {
            answeredThisRound = 0;
            try {
                int work = syncDossiers() + syncProgress();
                int failedBefore = circuit.succeeded();
                if (failedBefore > 0) {
                    LOG.infof("portal answering again after %d failed attempts", failedBefore);
                }
                if (work == 0) {
                    await(Duration.ofMillis(250));
                }
            } catch (PortalUnavailable e) {
                if (e.paced()) { // our own budget of the portal's rate: wait for it, the portal did not fail
                    await(e.retryAfter());
                    continue;
                }
                boolean wasOpen = circuit.open();
                Duration wait = circuit.failed(answeredThisRound, e.retryAfter());
                if (circuit.open() && !wasOpen) {
                    LOG.warnf("circuit to the portal open after %d failures: one attempt every %s until it answers",
                            circuit.failures(), circuit.openFor());
                }
                LOG.warnf("portal unavailable (%s); next attempt in %d ms", e.getMessage(), wait.toMillis());
                await(wait);
            } catch (RuntimeException e) {
                roundFailed(LOG, "portal sync round", e);
                await(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * A claim's lease ({@link DeliveryStore#LEASE}, 60 s) must outlast every call made under it, or another instance
     * could claim the same dossiers and send them too: calls start only within the first half of it, and each ends
     * within the client's read timeout (10 s) and the pace's bounded wait (5 s). What is left goes back, owed.
     */
    static final Duration CALLS_WITHIN = DeliveryStore.LEASE.dividedBy(2);

    private void claimed() {
        callsUntil = System.nanoTime() + CALLS_WITHIN.toNanos();
    }

    private boolean mayStillCall() {
        return System.nanoTime() < callsUntil;
    }

    /**
     * A portal call as a span continuing the traces of the changes it delivers (the first one's, linked to the
     * others': {@link Tracing}); the REST client's own span is its child.
     */
    private JsonNode traced(ObjectNode body, List<String> traceparents) throws PortalUnavailable {
        String service = body.path("service").asText();
        Span span = tracing.start("portal " + service, SpanKind.INTERNAL,
                traceparents.stream().map(t -> new Tracing.Parent(t, null)).toList());
        span.setAttribute("bcci.portal.service", service);
        span.setAttribute("bcci.portal.agency", body.path("madonvi").asText());
        span.setAttribute("bcci.portal.items", traceparents.size());
        try (Scope ignored = span.makeCurrent()) {
            JsonNode answer = portal.call(body);
            span.setAttribute("bcci.portal.error_code", answer.path("error_code").asText());
            return answer;
        } catch (PortalUnavailable | RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    // ---- dossier records ---------------------------------------------------------------------------------------

    int syncDossiers() throws PortalUnavailable {
        java.time.Instant lease = DeliveryStore.newLease();
        List<DossierClaim> claims = QuarkusTransaction.requiringNew().call(() -> store.claimDossiers(batchSize, lease));
        if (claims.isEmpty()) {
            return 0;
        }
        claimed();
        try {
            Map<String, List<DossierClaim>> groups = new LinkedHashMap<>();
            for (DossierClaim c : claims) {
                groups.computeIfAbsent(c.agency() + "|" + c.portalHolds(), k -> new ArrayList<>()).add(c);
            }
            for (List<DossierClaim> group : groups.values()) {
                if (!mayStillCall()) {
                    break; // the rest stays owed, for the next claim
                }
                ObjectNode body = portal.body("DongBoHoSoMC", group.get(0).agency());
                body.put("isUpdating", group.get(0).portalHolds() ? "True" : "False");
                ArrayNode data = body.putArray("data");
                for (DossierClaim c : group) {
                    data.add(readTree(c.record()));
                }
                JsonNode answer = traced(body, group.stream().map(DossierClaim::traceparent).toList());
                answeredThisRound++;
                if (!"0".equals(answer.path("error_code").asText())) {
                    throw new IllegalStateException("portal did not read the batch: " + answer);
                }
                QuarkusTransaction.requiringNew().run(() -> applyDossierAnswers(group, answer.path("result")));
            }
            return claims.size();
        } finally {
            release(claims.stream().map(DossierClaim::code).toList(), lease);
        }
    }

    /**
     * Gives a claim's dossiers back, tried again on a transient failure (a deadlock, a lost connection): a release that
     * fails leaves them to the lease's end, a minute without being sent.
     */
    private void release(List<String> codes, java.time.Instant lease) {
        for (int attempt = 1;; attempt++) {
            try {
                QuarkusTransaction.requiringNew().run(() -> store.releaseDossiers(codes, lease));
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3 || !vn.bcci.messaging.retry.TransientFailures.isTransient(e)) {
                    LOG.warnf("could not give back %d claimed dossiers (%s): they wait for their lease to end",
                            codes.size(), e.toString());
                    throw e;
                }
                LOG.infof("giving back %d claimed dossiers failed (%s); trying again", codes.size(), e.toString());
            }
        }
    }

    private void applyDossierAnswers(List<DossierClaim> sent, JsonNode results) {
        // in code order: the consumers lock the dossiers of a batch in that order too, so no lock cycle can form;
        // their report facts' lock first, as the consumers take it (an acknowledgement changes the facts)
        facts.lockFacts(sent.stream().map(DossierClaim::code).toList());
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
        java.time.Instant lease = DeliveryStore.newLease();
        List<EntryClaim> claims = QuarkusTransaction.requiringNew()
                .call(() -> store.claimEntries(batchSize, settle, lease));
        if (claims.isEmpty()) {
            return 0;
        }
        claimed();
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
            List<List<EntryClaim>> calls = new ArrayList<>(); // at most batchSize entries a call, a dossier's in order
            for (List<EntryClaim> agencyEntries : byAgency.values()) {
                for (int from = 0; from < agencyEntries.size(); from += batchSize) {
                    calls.add(agencyEntries.subList(from, Math.min(agencyEntries.size(), from + batchSize)));
                }
            }
            for (List<EntryClaim> group : calls) {
                if (!mayStillCall()) {
                    break; // the rest stays owed (in doubt: looked up first), for the next claim
                }
                ObjectNode body = portal.body("CapNhatTienDoHoSoMC", group.get(0).agency());
                ArrayNode data = body.putArray("data");
                group.forEach(e -> data.add(entryJson(e)));
                JsonNode answer = traced(body, group.stream().map(EntryClaim::traceparent).toList());
                answeredThisRound++;
                if (!"0".equals(answer.path("error_code").asText())) {
                    throw new IllegalStateException("portal did not read the progress batch: " + answer);
                }
                QuarkusTransaction.requiringNew().run(() -> applyEntryAnswers(group, answer.path("result")));
            }
            return claims.size();
        } finally {
            release(claims.stream().map(EntryClaim::dossierCode).distinct().toList(), lease);
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
            if (!mayStillCall()) { // not asked about: none of this dossier's entries may be sent this round
                doubts.forEach(e -> settled.add(e.id()));
                claims.stream().filter(e -> e.dossierCode().equals(doubts.get(0).dossierCode()))
                        .forEach(e -> settled.add(e.id()));
                continue;
            }
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
