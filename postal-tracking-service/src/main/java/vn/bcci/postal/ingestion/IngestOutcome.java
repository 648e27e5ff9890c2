package vn.bcci.postal.ingestion;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What became of one pushed event: {@code accepted}, {@code duplicate}, or {@code rejected} with the reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestOutcome(Integer index, String eventId, String itemCode, String outcome, String reason) {
    public static final String ACCEPTED = "accepted";
    public static final String DUPLICATE = "duplicate";
    public static final String REJECTED = "rejected";

    IngestOutcome at(int i) {
        return new IngestOutcome(i, eventId, itemCode, outcome, reason);
    }

    public boolean rejected() {
        return REJECTED.equals(outcome);
    }
}
