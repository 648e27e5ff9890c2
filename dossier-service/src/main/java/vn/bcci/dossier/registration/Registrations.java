package vn.bcci.dossier.registration;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import vn.bcci.dossier.catalogue.ProcedureCatalogue;
import vn.bcci.dossier.lifecycle.Dossier;
import vn.bcci.dossier.lifecycle.Transitions;
import vn.bcci.dossier.postalsteps.PostalSteps;
import vn.bcci.dossier.timeline.TimelineEntry;
import vn.bcci.messaging.outbox.Outbox;
import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.security.Caller;

/**
 * A dossier comes into being (docs/domain.md §2 and §4): registered by its agency (checked against the procedure
 * catalogue, its code generated when absent, safe to repeat with an Idempotency-Key), completed when VNPost collected
 * it first, or appearing from VNPost's collection before the agency knew it. Each in the transaction of its event
 * (outbox); the postal events that waited for the dossier apply in the same transaction ({@link PostalSteps}).
 */
@ApplicationScoped
public class Registrations {
    private static final Logger LOG = Logger.getLogger(Registrations.class);

    @Inject
    DossierCodes codes;
    @Inject
    ProcedureCatalogue catalogue;
    @Inject
    Outbox outbox;
    @Inject
    Transitions transitions;
    @Inject
    PostalSteps postalSteps;
    @Inject
    RegistrationStore store;
    private final Clock clock = Clock.systemUTC();

    @Transactional
    public Dossier register(RegisterDossier request, Caller caller) {
        caller.requireActingFor(request.agencyCode());
        if (request.code() != null && !request.code().startsWith(request.agencyCode() + "-")) {
            // a code names its agency: no agency registers (or learns of) a code of another's
            throw ProblemException.invalid("code", "must start with the agencyCode followed by '-' ("
                    + request.agencyCode() + "-…)");
        }
        String implausible = InputRules.timeProblem(request.submittedAt(), clock.instant(), Transitions.CLOCK_SKEW);
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
        TimelineEntry
                .of(d.code, d.submittedAt, TimelineEntry.Kind.STATUS, Transitions.SOURCE, "Registered (status 1)", null)
                .persist();
        outbox.publish(Topics.DOSSIER_EVENTS, d.code, EventTypes.DOSSIER_REGISTERED, d.code, d.submittedAt,
                Transitions.eventData(d, null));
        postalSteps.dossierAppeared(d);
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
                    java.util.List.of(new vn.bcci.support.problem.Problem.FieldError("inboundTrackingNumber",
                            "is already used by dossier " + d.code)),
                    null);
        }
        d.origin = "POST+AGENCY";
        d.returnMethod = request.returnMethod();
        takeAgencyData(d, request);
        Instant now = clock.instant();
        TimelineEntry.of(d.code, now, TimelineEntry.Kind.STATUS, Transitions.SOURCE, "Registered by the agency ("
                + caller.name() + "), completing the dossier VNPost collected", null).persist();
        outbox.publish(Topics.DOSSIER_EVENTS, d.code, EventTypes.DOSSIER_REGISTERED, d.code, now,
                Transitions.eventData(d, null));
        LOG.infof("dossier %s: registration by %s linked to the collected item %s", d.code, caller.name(),
                d.inboundTrackingNumber);
        return d;
    }

    /**
     * VNPost collected a dossier at the citizen's door before the agency knew it: it appears now, status 1, under a
     * generated code, and the agency's later registration of the same item completes it (no duplicate).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appearFromPost(vn.bcci.contracts.payload.ShipmentEventData shipment, Instant collectedAt) {
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
                Transitions.eventData(d, null));
        postalSteps.dossierAppeared(d);
        LOG.infof("dossier %s appeared from VNPost's collection of %s", d.code, shipment.itemCode());
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
        if (!store.claimKey(caller.name(), idempotencyKey, hash)) {
            RegistrationStore.KeyUse first = store.keyUse(caller.name(), idempotencyKey);
            if (!hash.equals(first.requestHash())) {
                throw new ProblemException(422, "Idempotency-Key reused", "Idempotency-Key " + idempotencyKey
                        + " was first used for a different request",
                        java.util.List.of(new vn.bcci.support.problem.Problem.FieldError("Idempotency-Key",
                                "must be new for a different request")),
                        null);
            }
            return new Registration(transitions.find(first.dossierCode(), caller), false);
        }
        Dossier d = register(request, caller);
        store.keyUsedFor(caller.name(), idempotencyKey, d.code);
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
}
