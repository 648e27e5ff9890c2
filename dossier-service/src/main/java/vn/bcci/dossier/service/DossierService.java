package vn.bcci.dossier.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.InputRules;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.calendar.WorkingCalendar;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.dossier.domain.Dossier;
import vn.bcci.dossier.domain.Lifecycle;
import vn.bcci.dossier.domain.StatusMachine;
import vn.bcci.dossier.domain.TimelineEntry;
import vn.bcci.messaging.Outbox;
import vn.bcci.support.Caller;
import vn.bcci.support.ProblemException;

/** Dossier use cases. Every change and its event commit together (outbox). */
@ApplicationScoped
public class DossierService {
    static final String SOURCE = "dossier-service";
    private static final Logger LOG = Logger.getLogger(DossierService.class);

    /**
     * How far in the future a transition's {@code at} or a registration's {@code submittedAt} may be: clocks of agency
     * systems drift a little.
     */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    /** How far in the future an apology slip may move a due date. */
    static final Duration DUE_DATE_HORIZON = Duration.ofDays(5 * 366);

    private final DossierCodes codes;
    private final ProcedureCatalogue catalogue;
    private final Outbox outbox;
    private final WorkingCalendar calendar;
    private final jakarta.persistence.EntityManager em;
    private final Clock clock;
    private final jakarta.enterprise.event.Event<Appeared> appeared;

    /**
     * A dossier appeared, in the transaction that created it (after its registration event): what waited for it
     * ({@link PostalEvents}) applies now.
     */
    public record Appeared(Dossier dossier) {
    }

    public DossierService(DossierCodes codes, ProcedureCatalogue catalogue, Outbox outbox, WorkingCalendar calendar,
            jakarta.persistence.EntityManager em, jakarta.enterprise.event.Event<Appeared> appeared) {
        this.catalogue = catalogue;
        this.appeared = appeared;
        this.codes = codes;
        this.em = em;
        this.outbox = outbox;
        this.calendar = calendar;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public Dossier register(RegisterDossier request, Caller caller) {
        caller.requireActingFor(request.agencyCode());
        if (request.code() != null && !request.code().startsWith(request.agencyCode() + "-")) {
            // a code names its agency: no agency registers (or learns of) a code of another's
            throw ProblemException.invalid("code", "must start with the agencyCode followed by '-' ("
                    + request.agencyCode() + "-…)");
        }
        String implausible = InputRules.timeProblem(request.submittedAt(), clock.instant(), CLOCK_SKEW);
        if (implausible != null) {
            throw ProblemException.invalid("submittedAt", implausible);
        }
        ProcedureCatalogue.Terms procedure = catalogue.find(request.procedureCode());
        if (procedure == null) {
            throw ProblemException.invalid("procedureCode", "is not in the national procedure catalogue");
        }
        if (request.channel() == Channel.POSTAL && !procedure.postalIntake()) {
            throw ProblemException.invalid("channel", "POSTAL is not accepted for procedure " + procedure.code()
                    + " (its dossiers may not be submitted via BCCI)");
        }
        if (request.returnMethod() == ReturnMethod.POSTAL && !procedure.postalReturn()) {
            throw ProblemException.invalid("returnMethod", "POSTAL is not allowed for procedure " + procedure.code()
                    + " (its results may not be returned via BCCI)");
        }
        if (request.channel() == Channel.POSTAL) {
            String problem = TrackingNumber.problem(request.inboundTrackingNumber());
            if (problem != null) {
                throw ProblemException.invalid("inboundTrackingNumber", problem + " (required for channel POSTAL)");
            }
        } else if (request.inboundTrackingNumber() != null) {
            throw ProblemException.invalid("inboundTrackingNumber", "is only for channel POSTAL");
        }
        Instant now = clock.instant();
        Dossier fromPost = request.inboundTrackingNumber() == null
                ? null
                : Dossier.findByInboundTrackingNumber(request.inboundTrackingNumber());
        if (fromPost != null) {
            return adopt(fromPost, request, caller);
        }
        if (request.code() != null && Dossier.findById(request.code()) != null) {
            throw new ProblemException(409, "Conflict", "dossier " + request.code() + " already exists", null, null);
        }
        Dossier d = new Dossier();
        d.code = request.code() != null ? request.code() : codes.next(request.agencyCode(), now);
        d.agencyCode = request.agencyCode();
        d.procedureCode = request.procedureCode();
        d.procedureName = procedure.name();
        d.channel = request.channel();
        d.returnMethod = request.returnMethod();
        d.status = DossierStatus.SUBMITTED;
        takeAgencyData(d, request);
        d.submittedAt = request.submittedAt() != null ? request.submittedAt() : now;
        d.inboundTrackingNumber = request.inboundTrackingNumber();
        d.persist();
        TimelineEntry.of(d.code, d.submittedAt, TimelineEntry.Kind.STATUS, SOURCE, "Registered (status 1)", null)
                .persist();
        outbox.publish(Topics.DOSSIER_EVENTS, d.code, EventTypes.DOSSIER_REGISTERED, d.code, d.submittedAt,
                eventData(d, null));
        appeared.fire(new Appeared(d));
        LOG.infof("dossier %s registered by %s, channel %s", d.code, caller.name(), d.channel);
        return d;
    }

    /** What the agency's registration says of the applicant and the dossier, onto a new or a collected dossier. */
    private static void takeAgencyData(Dossier d, RegisterDossier request) {
        RegisterDossier.Applicant a = request.applicant();
        d.applicantType = a.type();
        d.applicantName = a.name();
        d.applicantIdNumber = a.idNumber();
        d.applicantPhone = a.phone();
        d.applicantEmail = a.email();
        if (a.address() != null) {
            d.addressLine = a.address().line();
            d.addressWard = a.address().ward();
            d.addressDistrict = a.address().district();
            d.addressProvince = a.address().province();
        }
        d.summary = request.summary();
    }

    /**
     * The agency registers a dossier VNPost already collected (its inbound item made it appear): the agency's data
     * completes that dossier, under the code it already has, instead of a second dossier.
     */
    private Dossier adopt(Dossier d, RegisterDossier request, Caller caller) {
        if (!"POST".equals(d.origin) || !d.agencyCode.equals(request.agencyCode())) {
            throw new ProblemException(409, "Conflict", "inbound item " + request.inboundTrackingNumber()
                    + " already belongs to dossier " + d.code,
                    java.util.List.of(new vn.bcci.support.Problem.FieldError("inboundTrackingNumber",
                            "is already used by dossier " + d.code)),
                    null);
        }
        d.origin = "POST+AGENCY";
        d.returnMethod = request.returnMethod();
        takeAgencyData(d, request);
        Instant now = clock.instant();
        TimelineEntry.of(d.code, now, TimelineEntry.Kind.STATUS, SOURCE, "Registered by the agency ("
                + caller.name() + "), completing the dossier VNPost collected", null).persist();
        outbox.publish(Topics.DOSSIER_EVENTS, d.code, EventTypes.DOSSIER_REGISTERED, d.code, now, eventData(d, null));
        LOG.infof("dossier %s: registration by %s linked to the collected item %s", d.code, caller.name(),
                d.inboundTrackingNumber);
        return d;
    }

    /**
     * VNPost collected a dossier at the citizen's door before the agency knew it: it appears now, status 1, under a
     * generated code, and the agency's later registration of the same item completes it (no duplicate).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void createFromPost(vn.bcci.contracts.payload.ShipmentEventData shipment, Instant collectedAt) {
        if (Dossier.findByInboundTrackingNumber(shipment.itemCode()) != null) {
            return;
        }
        ProcedureCatalogue.Terms procedure = catalogue.find(shipment.procedureCode());
        if (procedure != null && !procedure.postalIntake()) {
            // docs/domain.md §2: the catalogue says this procedure takes no dossier by post (NhanQuaBCCI 0)
            LOG.warnf("VNPost collected item %s for procedure %s, which takes no dossier by post: no dossier appears "
                    + "from it; its agency %s registers it if it takes it", shipment.itemCode(), procedure.code(),
                    shipment.agencyCode());
            return;
        }
        Dossier d = new Dossier();
        d.code = codes.next(shipment.agencyCode(), collectedAt);
        d.origin = "POST";
        d.agencyCode = shipment.agencyCode();
        d.procedureCode = shipment.procedureCode();
        d.procedureName = procedure == null ? null : procedure.name();
        d.channel = Channel.POSTAL;
        d.returnMethod = procedure != null && procedure.postalReturn() ? ReturnMethod.POSTAL : ReturnMethod.IN_PERSON;
        d.status = DossierStatus.SUBMITTED;
        d.applicantType = "CITIZEN";
        d.applicantName = shipment.sender().name();
        d.applicantPhone = shipment.sender().phone();
        d.submittedAt = collectedAt;
        d.inboundTrackingNumber = shipment.itemCode();
        d.persist();
        TimelineEntry.of(d.code, collectedAt, TimelineEntry.Kind.STATUS, "postal-tracking-service",
                "Registered from VNPost's collection of " + shipment.itemCode() + " (status 1)", null).persist();
        outbox.publish(Topics.DOSSIER_EVENTS, d.code, EventTypes.DOSSIER_REGISTERED, d.code, collectedAt,
                eventData(d, null));
        appeared.fire(new Appeared(d));
        LOG.infof("dossier %s appeared from VNPost's collection of %s", d.code, shipment.itemCode());
    }

    /** Moves a dossier through the status machine (or re-dates it by an apology slip). */
    @Transactional
    public Dossier transition(String code, Transition request, Caller caller) {
        Dossier d = Dossier.lock(code);
        if (d == null || !caller.mayAccess(d.agencyCode)) {
            throw ProblemException.notFound("no dossier " + code);
        }
        Instant now = clock.instant();
        Instant at = request.at() != null ? request.at() : now;
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw ProblemException.invalid("at", "must not be in the future (more than " + CLOCK_SKEW.toMinutes()
                    + " minutes ahead of " + now + ")");
        }
        Instant previous = d.lastTransitionAt != null ? d.lastTransitionAt : d.submittedAt;
        if (at.isBefore(previous)) {
            throw ProblemException.invalid("at", "must not be before the previous change of this dossier ("
                    + previous + ")");
        }
        if (request.returnedBy() != null && request.to() != DossierStatus.RESULT_RETURNED) {
            throw ProblemException.invalid("returnedBy", "is only for a move to RESULT_RETURNED");
        }
        boolean apologyOnly = request.to() == d.status;
        if (apologyOnly && request.newDueAt() == null) {
            throw ProblemException.conflict("dossier " + code + " is already " + d.status,
                    StatusMachine.allowedFrom(d.status).stream().map(Enum::name).toList());
        }
        if (!apologyOnly && !StatusMachine.allows(d.status, request.to())) {
            throw ProblemException.conflict("a dossier in status " + d.status + " cannot move to " + request.to(),
                    StatusMachine.allowedFrom(d.status).stream().map(Enum::name).toList());
        }
        if (request.to() == DossierStatus.RESULT_RETURNED && d.returnMethod == ReturnMethod.POSTAL
                && request.returnedBy() != ReturnMethod.IN_PERSON) {
            // docs/domain.md §3: status 10 of a result meant for the post is VNPost's confirmed delivery
            throw new ProblemException(409, "Conflict", "the result of dossier " + code + " goes back by post: "
                    + "VNPost's confirmed delivery returns it (status 10)",
                    List.of(new vn.bcci.support.Problem.FieldError("returnedBy", "must be IN_PERSON to return by "
                            + "hand a result meant for the post (the applicant collected it at the desk)")),
                    null);
        }
        String farOff = InputRules.timeProblem(request.newDueAt(), now, DUE_DATE_HORIZON);
        if (farOff != null) {
            throw ProblemException.invalid("newDueAt", farOff);
        }
        if (request.newDueAt() != null && !request.newDueAt().isAfter(at)) {
            throw ProblemException.invalid("newDueAt", "must be after the time of the change");
        }
        if (request.newDueAt() != null
                && !calendar.isWorkingDay(request.newDueAt().atZone(WorkingCalendar.VIETNAM).toLocalDate())) {
            throw ProblemException.invalid("newDueAt", "must fall on a working day ("
                    + request.newDueAt().atZone(WorkingCalendar.VIETNAM).toLocalDate()
                    + " is a weekend or a public holiday); the dossier is due at the close of that day, "
                    + WorkingCalendar.CLOSE + " Vietnam time");
        }
        if (request.newDueAt() != null && d.dueAt == null && request.to() != DossierStatus.ACCEPTED) {
            throw ProblemException.invalid("newDueAt", "needs a due date to move: the dossier is not accepted yet");
        }
        String note = request.note();
        if (request.returnedBy() == ReturnMethod.IN_PERSON && d.returnMethod == ReturnMethod.POSTAL) {
            d.returnMethod = ReturnMethod.IN_PERSON;
            note = note != null && !note.isBlank() ? note : "Kết quả trả trực tiếp tại bộ phận một cửa";
        }
        move(d, request.to(), at, request.handler(), note, request.newDueAt());
        LOG.infof("dossier %s: moved to %s by %s", d.code, request.to(), caller.name());
        return d;
    }

    /**
     * Applies a permitted move: dates (Lifecycle), timeline entries, and the event, in the caller's transaction.
     * Callers have checked the status machine and the time rules.
     */
    public void move(Dossier d, DossierStatus to, Instant at, Transition.Handler h, String note, Instant newDueAt) {
        move(d, to, at, h, note, newDueAt, null);
    }

    /** A move a postal event caused ({@code step}, carried by the event: the portal shows the step, not the move). */
    void move(Dossier d, DossierStatus to, Instant at, Transition.Handler h, String note, Instant newDueAt,
            DossierEventData.PostalStep step) {
        ProcedureCatalogue.Terms procedure = catalogue.find(d.procedureCode);
        int days = procedure != null ? procedure.processingDays() : 0;
        DossierStatus from = d.status;
        boolean apologyOnly = to == from;
        Lifecycle.DueChange due = Lifecycle.apply(d, to, at, newDueAt, days, calendar);

        DossierEventData.Transition transition = new DossierEventData.Transition(from, to, at,
                new DossierEventData.Handler(h.name(), h.title(), h.department()), note);
        if (!apologyOnly) {
            TimelineEntry.of(d.code, at, TimelineEntry.Kind.STATUS, SOURCE, "Status " + from + " → " + to + " ("
                    + to.portalCode() + ")", EventJson.write(transition)).persist();
        }
        if (due.moved()) {
            TimelineEntry.of(d.code, at, TimelineEntry.Kind.DUE_DATE, SOURCE, "Due date " + due.after()
                    + " (" + due.reason() + ")",
                    EventJson.write(java.util.Map.of("before", String.valueOf(
                            due.before()), "after", String.valueOf(due.after()), "reason", due.reason())))
                    .persist();
        }
        outbox.publish(Topics.DOSSIER_EVENTS, d.code,
                apologyOnly ? EventTypes.DOSSIER_DUE_DATE_CHANGED : EventTypes.DOSSIER_STATUS_CHANGED, d.code, at,
                eventData(d, transition, step));
    }

    /** The dossier and whether this call created it ({@code false}: a retry answered from its Idempotency-Key). */
    public record Registration(Dossier dossier, boolean created) {
    }

    /**
     * Registration made safe to repeat: the first request with a key registers and records the key in the same
     * transaction; a retry with the same key and body gets the same dossier back; the same key with another body is
     * refused. A concurrent retry waits on the key's row until the first commits.
     */
    @Transactional
    public Registration register(RegisterDossier request, String idempotencyKey, Caller caller) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            return new Registration(register(request, caller), true);
        }
        if (idempotencyKey.length() > 200) {
            throw ProblemException.invalid("Idempotency-Key", "must be at most 200 characters");
        }
        String badKey = InputRules.textProblem(idempotencyKey);
        if (badKey != null) {
            throw ProblemException.invalid("Idempotency-Key", badKey);
        }
        String hash = sha256(EventJson.write(request));
        int inserted = em
                .createNativeQuery("INSERT INTO idempotency_key (caller, key, request_hash) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter(1, caller.name()).setParameter(2, idempotencyKey)
                .setParameter(3, hash).executeUpdate();
        if (inserted == 0) {
            Object[] first = (Object[]) em.createNativeQuery("SELECT request_hash, dossier_code FROM idempotency_key "
                    + "WHERE caller = ?1 AND key = ?2").setParameter(1, caller.name()).setParameter(2, idempotencyKey)
                    .getSingleResult();
            if (!hash.equals(first[0])) {
                throw new ProblemException(422, "Idempotency-Key reused", "Idempotency-Key " + idempotencyKey
                        + " was first used for a different request",
                        java.util.List.of(new vn.bcci.support.Problem.FieldError("Idempotency-Key",
                                "must be new for a different request")),
                        null);
            }
            return new Registration(find((String) first[1], caller), false);
        }
        Dossier d = register(request, caller);
        em.createNativeQuery("UPDATE idempotency_key SET dossier_code = ?1 WHERE caller = ?2 AND key = ?3")
                .setParameter(1, d.code).setParameter(2, caller.name()).setParameter(3, idempotencyKey)
                .executeUpdate();
        return new Registration(d, true);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Dossier find(String code, Caller caller) {
        Dossier d = Dossier.findById(code);
        if (d == null || !caller.mayAccess(d.agencyCode)) {
            // another agency's dossier is answered exactly like one that does not exist
            throw ProblemException.notFound("no dossier " + code);
        }
        return d;
    }

    public List<TimelineEntry> timeline(String code, Caller caller) {
        find(code, caller);
        return TimelineEntry.forDossier(code);
    }

    static DossierEventData eventData(Dossier d, DossierEventData.Transition transition) {
        return eventData(d, transition, null);
    }

    static DossierEventData eventData(Dossier d, DossierEventData.Transition transition,
            DossierEventData.PostalStep step) {
        return new DossierEventData(d.code, d.agencyCode, null, d.procedureCode, d.procedureName, d.channel,
                d.returnMethod,
                d.status, new DossierEventData.Applicant(d.applicantType, d.applicantName, d.applicantIdNumber,
                        d.applicantPhone, d.applicantEmail),
                d.summary, d.submittedAt, d.acceptedAt, d.dueAt, d.finishedAt, d.returnedAt, d.inboundTrackingNumber,
                d.outboundTrackingNumber, transition, d.receivedFromPostAt, d.postalFlag, step);
    }
}
