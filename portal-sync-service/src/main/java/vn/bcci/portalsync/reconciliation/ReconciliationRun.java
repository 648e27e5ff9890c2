package vn.bcci.portalsync.reconciliation;

import java.time.Instant;
import java.util.List;

/** A reconciliation run as operators see it: its scope, progress, drift counts and the drift it found. */
public record ReconciliationRun(long id, String mode, Double sampleShare, String agencyCode, String requestedBy,
        String state, int total, int checked, int missing, int staleStatus, int missingEntries, int repaired,
        String lastError, Instant createdAt, Instant startedAt, Instant finishedAt, List<Drift> drift) {

    /** Every dossier the portal should hold, or a stable sample of them. */
    public enum Mode {
        FULL,
        SAMPLE
    }

    /** One dossier found different on the portal. */
    public record Drift(String dossierCode, String kind, String detail, Instant foundAt) {
    }
}
