package vn.bcci.dossier.lifecycle;

import java.time.Instant;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.support.security.Caller;
import vn.bcci.support.text.Masking;

/** A dossier as the API shows it to its agency or an operator. */
public record DossierView(String code, String agencyCode, String procedureCode, String procedureName,
        Channel channel, ReturnMethod returnMethod, DossierStatus status, int portalStatus, Applicant applicant,
        String summary, Instant submittedAt, Instant acceptedAt, Instant dueAt, boolean clockStopped, boolean overdue,
        Instant finishedAt, String timeliness, Instant returnedAt, Instant receivedFromPostAt, String postalFlag,
        String inboundTrackingNumber, String outboundTrackingNumber) {

    public record Applicant(String type, String name, String idNumber, String phone, String email) {
    }

    /** The dossier as {@code caller} may see it: personal data masked unless {@link Caller#seesPersonalDataOf}. */
    public static DossierView of(Dossier d, Caller caller) {
        boolean clear = caller.seesPersonalDataOf(d.agencyCode);
        Applicant applicant = clear
                ? new Applicant(d.applicantType, d.applicantName, d.applicantIdNumber, d.applicantPhone,
                        d.applicantEmail)
                : new Applicant(d.applicantType, Masking.name(d.applicantName), Masking.idNumber(d.applicantIdNumber),
                        Masking.phone(d.applicantPhone), Masking.email(d.applicantEmail));
        return new DossierView(d.code, d.agencyCode, d.procedureCode, d.procedureName, d.channel, d.returnMethod,
                d.status, d.status.portalCode(), applicant, clear ? d.summary : Masking.text(d.summary), d.submittedAt,
                d.acceptedAt, d.dueAt, d.clockPausedAt != null,
                d.isOverdue(Instant.now()), d.finishedAt, d.timeliness(), d.returnedAt, d.receivedFromPostAt,
                d.postalFlag, d.inboundTrackingNumber, d.outboundTrackingNumber);
    }
}
