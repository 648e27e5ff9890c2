package vn.bcci.dossier.rest;

import java.time.Instant;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.dossier.domain.Dossier;

/** A dossier as the API shows it to its agency or an operator. */
public record DossierView(String code, String agencyCode, String procedureCode, String procedureName,
        Channel channel, ReturnMethod returnMethod, DossierStatus status, int portalStatus, Applicant applicant,
        String summary, Instant submittedAt, Instant acceptedAt, Instant dueAt, boolean clockStopped, boolean overdue,
        Instant finishedAt, String timeliness, Instant returnedAt, Instant receivedFromPostAt, String postalFlag,
        String inboundTrackingNumber, String outboundTrackingNumber) {

    public record Applicant(String type, String name, String idNumber, String phone, String email) {
    }

    static DossierView of(Dossier d) {
        return new DossierView(d.code, d.agencyCode, d.procedureCode, d.procedureName, d.channel, d.returnMethod,
                d.status, d.status.portalCode(),
                new Applicant(d.applicantType, d.applicantName, d.applicantIdNumber, d.applicantPhone,
                        d.applicantEmail),
                d.summary, d.submittedAt, d.acceptedAt, d.dueAt, d.clockPausedAt != null,
                d.isOverdue(Instant.now()), d.finishedAt, d.timeliness(), d.returnedAt, d.receivedFromPostAt,
                d.postalFlag, d.inboundTrackingNumber, d.outboundTrackingNumber);
    }
}
