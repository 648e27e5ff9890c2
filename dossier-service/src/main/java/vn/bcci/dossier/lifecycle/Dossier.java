package vn.bcci.dossier.lifecycle;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.Timeliness;

/** A dossier (hồ sơ) as its agency registered it, with its current status. Never leaves the service. */
@Entity
public class Dossier extends PanacheEntityBase {
    @Id
    public String code;
    public String agencyCode;
    public String procedureCode;
    public String procedureName;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    @Enumerated(EnumType.STRING)
    public ReturnMethod returnMethod;
    @Enumerated(EnumType.STRING)
    public DossierStatus status;
    public String applicantType;
    public String applicantName;
    public String applicantIdNumber;
    public String applicantPhone;
    public String applicantEmail;
    public String addressLine;
    public String addressWard;
    public String addressDistrict;
    public String addressProvince;
    public String summary;
    public Instant submittedAt;
    public Instant acceptedAt;
    /** Ngày hẹn trả. */
    public Instant dueAt;
    public String inboundTrackingNumber;
    public String outboundTrackingNumber;
    public Instant lastTransitionAt;
    /** When a supplement request stopped the legal clock; {@code null} while it runs. */
    public Instant clockPausedAt;
    /** Working time left on the clock when it stopped, in seconds. */
    public Long remainingSeconds;
    public Instant finishedAt;
    public Instant returnedAt;
    /** Handover of the inbound item to the agency (bàn giao). */
    public Instant receivedFromPostAt;
    /** Outbound delivery failed or returned to sender; status unchanged. */
    public String postalFlag;
    /** {@code AGENCY}, or {@code POST} when VNPost collected it before the agency registered it. */
    public String origin = "AGENCY";
    @Column(insertable = false, updatable = false)
    public Instant createdAt;
    @Version
    public long version;

    /** Open past its due date (docs/domain.md §6). */
    public boolean isOverdue(Instant now) {
        return dueAt != null && !status.isTerminal() && status != vn.bcci.contracts.DossierStatus.RESULT_READY
                && clockPausedAt == null && now.isAfter(dueAt);
    }

    /** Early, on time or late ({@link Timeliness}), decided when the result is ready; {@code null} before. */
    public String timeliness() {
        Timeliness t = Timeliness.of(finishedAt, dueAt);
        return t == null ? null : t.name();
    }

    public static Dossier lock(String code) {
        return findById(code, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }

    public static Dossier findByInboundTrackingNumber(String itemCode) {
        return find("inboundTrackingNumber", itemCode).firstResult();
    }
}
