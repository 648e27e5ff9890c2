package vn.bcci.portalsync.domain;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.VietnamTime;
import vn.bcci.contracts.payload.DossierEventData;
import vn.bcci.portalsync.catalogue.PortalProcedure;

/**
 * The portal dossier object of docs/portal-api.md built from a dossier event. Framework-free: the one place where our model
 * becomes the portal's fields and codes.
 */
public final class PortalRecord {
    /** Dates travel as {@code yyyyMMddHHmmss} in Vietnam time. */
    public static final DateTimeFormatter PORTAL_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(VietnamTime.ZONE);

    /** A stored record, read back. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> read(String stored) {
        return stored == null ? null : vn.bcci.contracts.EventJson.read(stored, Map.class);
    }

    private PortalRecord() {
    }

    public static String time(Instant instant) {
        return instant == null ? "" : PORTAL_TIME.format(instant);
    }

    /**
     * @param procedure the catalogue entry of the dossier's procedure, or {@code null} when not imported yet
     */
    public static Map<String, String> of(DossierEventData d, PortalProcedure procedure) {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("MaHoSo", d.code());
        r.put("MaTTHC", d.procedureCode());
        r.put("TenTTHC", procedure != null ? procedure.name : nonEmpty(d.procedureName(), d.procedureCode()));
        r.put("MaLinhVuc", procedure != null && procedure.fieldCode != null ? procedure.fieldCode : "");
        r.put("KenhThucHien", d.channel().portalCode());
        r.put("ChuHoSo", d.applicant().name());
        r.put("LoaiDoiTuong", "ORGANISATION".equals(d.applicant().type()) ? "2" : "1");
        r.put("SoGiayToChuHoSo", nonEmpty(d.applicant().idNumber(), ""));
        r.put("SoDienThoai", nonEmpty(d.applicant().phone(), ""));
        r.put("Email", nonEmpty(d.applicant().email(), ""));
        r.put("TrichYeuHoSo", nonEmpty(d.summary(), r.get("TenTTHC")));
        r.put("NgayTiepNhan", time(receivedAt(d)));
        r.put("NgayHenTra", time(d.dueAt()));
        r.put("TrangThaiHoSo", Integer.toString(d.status().portalCode()));
        r.put("NgayTra", time(d.returnedAt()));
        r.put("HinhThuc", d.returnMethod().portalCode());
        r.put("NgayKetThucXuLy", time(d.finishedAt()));
        r.put("DonViXuLy", nonEmpty(d.agencyName(), d.agencyCode()));
        r.put("ThongTinTra", d.outboundTrackingNumber() == null
                ? ""
                : "Kết quả gửi qua bưu điện, mã bưu gửi " + d.outboundTrackingNumber());
        r.put("GhiChu", "");
        return r;
    }

    /**
     * The record after {@code d}, given the record the portal was last owed ({@code previous}, or {@code null}): an
     * event that carries no transition (a postal step) keeps the day of a refusal before acceptance it cannot know.
     */
    public static Map<String, String> of(DossierEventData d, PortalProcedure procedure, Map<String, String> previous) {
        Map<String, String> r = of(d, procedure);
        if (previous != null && d.transition() == null && d.acceptedAt() == null
                && !previous.getOrDefault("NgayTiepNhan", "").isEmpty()) {
            r.put("NgayTiepNhan", previous.get("NgayTiepNhan"));
        }
        return r;
    }

    /**
     * NgayTiepNhan: when the agency took the dossier in; the portal requires it from status 2 on, so a dossier refused
     * (3) or withdrawn (7) before it was ever accepted gives the day of that decision (else the day it was submitted).
     */
    static Instant receivedAt(DossierEventData d) {
        if (d.acceptedAt() != null || (d.status() != DossierStatus.REJECTED && d.status() != DossierStatus.WITHDRAWN)) {
            return d.acceptedAt();
        }
        return d.transition() != null ? d.transition().at() : d.submittedAt();
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
