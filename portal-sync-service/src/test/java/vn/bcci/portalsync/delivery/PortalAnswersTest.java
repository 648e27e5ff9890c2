package vn.bcci.portalsync.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import vn.bcci.portalsync.delivery.PortalAnswers.ForDossier;
import vn.bcci.portalsync.delivery.PortalAnswers.ForEntry;

/** docs/portal-api.md's table of answers, as the sync worker acts on each. */
class PortalAnswersTest {
    @Test
    void aDossiersAnswer() {
        assertEquals(ForDossier.ACKNOWLEDGE, PortalAnswers.forDossier("0"));
        assertEquals(ForDossier.PARK, PortalAnswers.forDossier("2"), "validation: for an operator, never repeated");
        assertEquals(ForDossier.SEND_AS_UPDATE, PortalAnswers.forDossier("3"), "it exists: update it");
        assertEquals(ForDossier.SEND_AS_CREATE, PortalAnswers.forDossier("4"), "it does not: create it");
        for (String other : new String[]{"9", "-1", "1", "", "x", null}) {
            assertEquals(ForDossier.RETRY, PortalAnswers.forDossier(other), "anything else stays owed: " + other);
        }
    }

    @Test
    void anEntrysAnswer() {
        assertEquals(ForEntry.SENT, PortalAnswers.forEntry("0"));
        assertEquals(ForEntry.RECREATE_DOSSIER_THEN_RESEND, PortalAnswers.forEntry("4"),
                "the portal lost the dossier: create it again first");
        for (String other : new String[]{"2", "3", "9", "", null}) {
            assertEquals(ForEntry.REFUSED, PortalAnswers.forEntry(other), "refused, for an operator: " + other);
        }
    }
}
