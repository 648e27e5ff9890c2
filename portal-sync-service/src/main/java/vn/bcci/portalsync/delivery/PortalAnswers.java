package vn.bcci.portalsync.delivery;

/**
 * What the sync worker does with the portal's answer for one dossier or one progress entry of a batch
 * (docs/portal-api.md: answers -1 and 9 concern the whole call and are the client's). Framework-free.
 */
public final class PortalAnswers {
    private PortalAnswers() {
    }

    /** For a dossier record of {@code DongBoHoSoMC}. */
    public enum ForDossier {
        /** 0: the portal holds the revision sent; later revisions stay owed. */
        ACKNOWLEDGE,
        /** 3: the portal already has it: send it again as an update. */
        SEND_AS_UPDATE,
        /** 4: the portal does not have it: send it again as a create. */
        SEND_AS_CREATE,
        /** 2: the portal refuses the data: park it for an operator, with the portal's message. */
        PARK,
        /** Anything else: keep it owed and try again. */
        RETRY
    }

    /** For a progress entry of {@code CapNhatTienDoHoSoMC}. */
    public enum ForEntry {
        /** 0: shown on the portal. */
        SENT,
        /** 4: the portal does not hold the dossier after all: create it again, then the entry. */
        RECREATE_DOSSIER_THEN_RESEND,
        /** Anything else (2: the entry's data): refused, kept with the portal's message for an operator. */
        REFUSED
    }

    public static ForDossier forDossier(String errorCode) {
        return switch (errorCode == null ? "" : errorCode) {
            case "0" -> ForDossier.ACKNOWLEDGE;
            case "3" -> ForDossier.SEND_AS_UPDATE;
            case "4" -> ForDossier.SEND_AS_CREATE;
            case "2" -> ForDossier.PARK;
            default -> ForDossier.RETRY;
        };
    }

    public static ForEntry forEntry(String errorCode) {
        return switch (errorCode == null ? "" : errorCode) {
            case "0" -> ForEntry.SENT;
            case "4" -> ForEntry.RECREATE_DOSSIER_THEN_RESEND;
            default -> ForEntry.REFUSED;
        };
    }
}
