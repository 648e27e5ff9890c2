package vn.bcci.portalsync.catalogue;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A procedure of the portal's catalogue (LayDanhSachTTHC), as last imported. */
@Entity
@Table(name = "procedure_catalogue")
public class PortalProcedure extends PanacheEntityBase {
    @Id
    public String code;
    public String name;
    public String fieldCode;
    public String fieldName;
    public String agencyCode;
    public int processingDays;
    public boolean postalIntake;
    public boolean postalReturn;
    public Instant importedAt;
}
