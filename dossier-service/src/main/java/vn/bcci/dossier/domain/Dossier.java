package vn.bcci.dossier.domain;

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

/** A dossier (hồ sơ) as its agency registered it, with its current status. Never leaves the service. */
@Entity
public class Dossier extends PanacheEntityBase {
    @Id
    public String code;
    public String agencyCode;
    public String procedureCode;
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
    @Column(insertable = false, updatable = false)
    public Instant createdAt;
    @Version
    public long version;

    public static Dossier findByInboundTrackingNumber(String itemCode) {
        return find("inboundTrackingNumber", itemCode).firstResult();
    }
}
