package vn.bcci.contracts.payload;

import java.time.Instant;

/**
 * What became of one thing sent to the portal, on {@code portal.sync.v1}.
 *
 * @param kind {@code DOSSIER} (DongBoHoSoMC) or {@code PROGRESS} (CapNhatTienDoHoSoMC)
 * @param outcome {@code ACCEPTED} or {@code REFUSED}
 * @param portalStatus the status code the portal now shows
 * @param errorCode the portal's error_code
 */
public record PortalSyncOutcomeData(
        String dossierCode,
        String kind,
        String outcome,
        Integer portalStatus,
        String errorCode,
        String message,
        Instant at) {
}
