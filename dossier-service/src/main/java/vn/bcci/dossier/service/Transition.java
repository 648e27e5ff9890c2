package vn.bcci.dossier.service;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import vn.bcci.contracts.DossierStatus;

/**
 * {@code POST /dossiers/{code}/transitions}: who moved the dossier to which status, when and why. {@code to} equal to
 * the current status with a {@code newDueAt} is an apology slip alone (mẫu 04).
 */
public record Transition(
        @NotNull DossierStatus to,
        Instant at,
        @NotNull @Valid Handler handler,
        @Size(max = 1000) String note,
        Instant newDueAt) {

    /** Người xử lý (at most 50 characters on the portal), chức danh, phòng ban. */
    public record Handler(@jakarta.validation.constraints.NotBlank @Size(max = 50) String name,
            @Size(max = 100) String title, @Size(max = 200) String department) {
    }
}
