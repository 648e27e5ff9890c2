package vn.bcci.dossier.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.EventTypes;
import vn.bcci.contracts.Topics;
import vn.bcci.contracts.TrackingNumber;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.dossier.domain.Dossier;
import vn.bcci.dossier.domain.TimelineEntry;
import vn.bcci.messaging.Outbox;
import vn.bcci.support.Caller;
import vn.bcci.support.ProblemException;

/** Dossier use cases. Every change and its event commit together (outbox). */
@ApplicationScoped
public class DossierService {
    static final String SOURCE = "dossier-service";
    private static final Logger LOG = Logger.getLogger(DossierService.class);

    private final DossierCodes codes;
    private final Outbox outbox;
    private final Clock clock;

    public DossierService(DossierCodes codes, Outbox outbox) {
        this.codes = codes;
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public Dossier register(RegisterDossier request, Caller caller) {
        caller.requireActingFor(request.agencyCode());
        if (request.channel() == Channel.POSTAL) {
            String problem = TrackingNumber.problem(request.inboundTrackingNumber());
            if (problem != null) {
                throw ProblemException.invalid("inboundTrackingNumber", problem + " (required for channel POSTAL)");
            }
        } else if (request.inboundTrackingNumber() != null) {
            throw ProblemException.invalid("inboundTrackingNumber", "is only for channel POSTAL");
        }
        Instant now = clock.instant();
        if (request.code() != null && Dossier.findById(request.code()) != null) {
            throw new ProblemException(409, "Conflict", "dossier " + request.code() + " already exists", null, null);
        }
        Dossier d = new Dossier();
        d.code = request.code() != null ? request.code() : codes.next(request.agencyCode(), now);
        d.agencyCode = request.agencyCode();
        d.procedureCode = request.procedureCode();
        d.channel = request.channel();
        d.returnMethod = request.returnMethod();
        d.status = DossierStatus.SUBMITTED;
        d.applicantType = request.applicant().type();
        d.applicantName = request.applicant().name();
        d.applicantIdNumber = request.applicant().idNumber();
        d.applicantPhone = request.applicant().phone();
        d.applicantEmail = request.applicant().email();
        if (request.applicant().address() != null) {
            d.addressLine = request.applicant().address().line();
            d.addressWard = request.applicant().address().ward();
            d.addressDistrict = request.applicant().address().district();
            d.addressProvince = request.applicant().address().province();
        }
        d.summary = request.summary();
        d.submittedAt = request.submittedAt() != null ? request.submittedAt() : now;
        d.inboundTrackingNumber = request.inboundTrackingNumber();
        d.persist();
        TimelineEntry.of(d.code, d.submittedAt, TimelineEntry.Kind.STATUS, SOURCE, "Registered (status 1)", null)
                .persist();
        outbox.publish(Topics.DOSSIER_EVENTS, d.code, EventTypes.DOSSIER_REGISTERED, d.code, d.submittedAt,
                eventData(d, null));
        LOG.infof("dossier %s registered by %s, channel %s", d.code, caller.name(), d.channel);
        return d;
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
        return new DossierEventData(d.code, d.agencyCode, null, d.procedureCode, null, d.channel, d.returnMethod,
                d.status, new DossierEventData.Applicant(d.applicantType, d.applicantName, d.applicantIdNumber,
                        d.applicantPhone, d.applicantEmail),
                d.summary, d.submittedAt, d.acceptedAt, d.dueAt, null, null, d.inboundTrackingNumber,
                d.outboundTrackingNumber, transition);
    }
}
