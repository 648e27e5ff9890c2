package vn.bcci.support.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import vn.bcci.support.problem.Problem;

/** A refusal's short example written out as the problem the service answers. */
class ProblemsOpenApiTest {
    @Test
    void aFieldAndItsRuleAreTheInvalidRequest() {
        Problem p = ProblemsOpenApi.refusal(400, "itemCode: has a wrong check digit: expected 5")
                .toProblem("/api/v1/shipments");
        assertEquals(new Problem("about:blank", "Invalid request", 400, "itemCode has a wrong check digit: expected 5",
                "/api/v1/shipments", List.of(new Problem.FieldError("itemCode", "has a wrong check digit: expected 5")),
                List.of()), p);
    }

    @Test
    void aConflictListsTheMovesAllowed() {
        Problem p = ProblemsOpenApi.refusal(409, "a dossier in status SUBMITTED cannot move to RESULT_READY | allowed: "
                + "ACCEPTED, REJECTED").toProblem("/api/v1/dossiers/{code}/transitions");
        assertEquals("a dossier in status SUBMITTED cannot move to RESULT_READY", p.detail());
        assertEquals(List.of("ACCEPTED", "REJECTED"), p.allowed());
        assertEquals(409, p.status());
        assertEquals(List.of(), ProblemsOpenApi.refusal(409, "taken").toProblem("/x").allowed());
    }

    @Test
    void aNotFoundOrForbiddenIsItsDetail() {
        assertEquals(
                new Problem("about:blank", "Not found", 404, "no shipment EB123456785VN", "/api/v1/shipments/{code}",
                        List.of(), List.of()),
                ProblemsOpenApi.refusal(404, "no shipment EB123456785VN")
                        .toProblem("/api/v1/shipments/{code}"));
        assertEquals("Forbidden", ProblemsOpenApi.refusal(403, "not yours").toProblem("/x").title());
    }

    @Test
    void anExampleThatCannotBeReadIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> ProblemsOpenApi.refusal(400, "no rule named"));
        assertThrows(IllegalArgumentException.class, () -> ProblemsOpenApi.refusal(422, "write it out"));
    }
}
