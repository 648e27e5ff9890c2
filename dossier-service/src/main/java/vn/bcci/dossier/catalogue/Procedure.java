package vn.bcci.dossier.catalogue;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A procedure of the national catalogue, as published on {@code portal.procedures.v1}. */
@Entity
public class Procedure extends PanacheEntityBase {
    @Id
    public String code;
    public String name;
    public String agencyCode;
    /** Thời hạn giải quyết, in working days. */
    public int processingDays;
    /** Nhận qua BCCI: dossiers may be submitted via post. */
    public boolean postalIntake;
    /** Trả qua BCCI: results may be returned via post. */
    public boolean postalReturn;
    public Instant updatedAt;
}
