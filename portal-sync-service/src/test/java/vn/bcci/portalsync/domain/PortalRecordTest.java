package vn.bcci.portalsync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import vn.bcci.contracts.Channel;
import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;
import vn.bcci.contracts.payload.DossierEventData;

class PortalRecordTest {
    private static final Instant SUBMITTED = Instant.parse("2026-11-23T02:00:00Z");
    private static final Instant DECIDED = Instant.parse("2026-11-24T03:30:00Z");

    private static DossierEventData dossier(DossierStatus status, Instant acceptedAt) {
        DossierEventData.Transition t = new DossierEventData.Transition(DossierStatus.SUBMITTED, status, DECIDED,
                new DossierEventData.Handler("Trần Văn Bình", "Chuyên viên", "Bộ phận một cửa"), null);
        return new DossierEventData("000.00.01.H22-261123-0001", "000.00.01.H22", null, "1.001612", null,
                Channel.ONLINE, ReturnMethod.POSTAL, status, new DossierEventData.Applicant("CITIZEN", "Lê Văn Tám",
                        null, null, null),
                "Đăng ký khai sinh", SUBMITTED, acceptedAt, null, null, null, null, null, t);
    }

    @Test
    void aDossierRefusedOrWithdrawnBeforeAcceptanceIsReceivedOnTheDayOfThatDecision() {
        // the portal requires NgayTiepNhan from status 2 on, refusals at intake included
        assertEquals("20261124103000", PortalRecord.of(dossier(DossierStatus.REJECTED, null), null)
                .get("NgayTiepNhan"));
        assertEquals("20261124103000", PortalRecord.of(dossier(DossierStatus.WITHDRAWN, null), null)
                .get("NgayTiepNhan"));
    }

    @Test
    void anAcceptedDossierKeepsItsAcceptanceAndABrokenOneIsNotPatchedOver() {
        assertEquals("20261123090000", PortalRecord.of(dossier(DossierStatus.IN_PROGRESS, SUBMITTED), null)
                .get("NgayTiepNhan"));
        // accepted without an acceptance date is wrong data: the portal's refusal is what shows it to operators
        assertEquals("", PortalRecord.of(dossier(DossierStatus.ACCEPTED, null), null).get("NgayTiepNhan"));
    }
}
