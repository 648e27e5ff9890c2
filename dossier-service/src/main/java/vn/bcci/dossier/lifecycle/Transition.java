package vn.bcci.dossier.lifecycle;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import vn.bcci.contracts.DossierStatus;
import vn.bcci.contracts.ReturnMethod;

/**
 * {@code POST /dossiers/{code}/transitions}: who moved the dossier to which status, when and why. {@code to} equal to
 * the current status with a {@code newDueAt} is an apology slip alone (mẫu 04). {@code returnedBy}, on a move to
 * {@code RESULT_RETURNED} only: {@code IN_PERSON} records that a result meant for the post was collected at the desk
 * (without it, such a result is returned by VNPost's delivery alone).
 */
public record Transition(
        @NotNull DossierStatus to,
        Instant at,
        @NotNull @Valid Handler handler,
        @Size(max = 1000) String note,
        Instant newDueAt,
        ReturnMethod returnedBy) {

    /** Without {@code returnedBy}: every move but the return of a result meant for the post. */
    public Transition(DossierStatus to, Instant at, Handler handler, String note, Instant newDueAt) {
        this(to, at, handler, note, newDueAt, null);
    }

    /** Người xử lý (at most 50 characters on the portal), chức danh, phòng ban. */
    public record Handler(@jakarta.validation.constraints.NotBlank @Size(max = 50) String name,
            @Size(max = 100) String title, @Size(max = 200) String department) {
    }
}
