package vn.bcci.dossier.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventJson;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.InputRules;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.calendar.WorkingCalendar;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.dossier.catalogue.ProcedureCatalogue;
import vn.bcci.dossier.timeline.TimelineEntry;
import vn.bcci.messaging.outbox.Outbox;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.security.Caller;

/**
 * A dossier through the portal's status machine (docs/domain.md §3): an agency's transition checked against the machine
 * and the time rules, and every permitted move (the agency's, or one a postal event caused) applied with its dates,
 * timeline entries and event in one transaction (outbox). Also the one read of a dossier by its caller.
 */
@ApplicationScoped
public class Transitions {
    public static final String SOURCE = "dossier-service";
    private static final Logger LOG = Logger.getLogger(Transitions.class);

    /**
     * How far in the future a transition's {@code at} or a registration's {@code submittedAt} may be: clocks of agency
     * systems drift a little.
     */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(2);
    /** How far in the future an apology slip may move a due date. */
    static final Duration DUE_DATE_HORIZON = Duration.ofDays(5 * 366);

    private final ProcedureCatalogue catalogue;
    private final Outbox outbox;
    private final WorkingCalendar calendar;
    private final Clock clock;

    public Transitions(ProcedureCatalogue catalogue, Outbox outbox, WorkingCalendar calendar) {
        this.catalogue = catalogue;
        this.outbox = outbox;
        this.calendar = calendar;
        this.clock = Clock.systemUTC();
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
                    List.of(new vn.bcci.support.problem.Problem.FieldError("returnedBy",
                            "must be IN_PERSON to return by "
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
    public void move(Dossier d, DossierStatus to, Instant at, Transition.Handler h, String note, Instant newDueAt,
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

    public static DossierEventData eventData(Dossier d, DossierEventData.Transition transition) {
        return eventData(d, transition, null);
    }

    public static DossierEventData eventData(Dossier d, DossierEventData.Transition transition,
            DossierEventData.PostalStep step) {
        return new DossierEventData(d.code, d.agencyCode, null, d.procedureCode, d.procedureName, d.channel,
                d.returnMethod,
                d.status, new DossierEventData.Applicant(d.applicantType, d.applicantName, d.applicantIdNumber,
                        d.applicantPhone, d.applicantEmail),
                d.summary, d.submittedAt, d.acceptedAt, d.dueAt, d.finishedAt, d.returnedAt, d.inboundTrackingNumber,
                d.outboundTrackingNumber, transition, d.receivedFromPostAt, d.postalFlag, step);
    }
}
