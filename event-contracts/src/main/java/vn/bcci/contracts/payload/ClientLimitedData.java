package vn.bcci.contracts.payload;

import java.time.Instant;

/**
 * One instance of a service refused a client at one of its doors (quotas, docs/runbook.md "Quotas"), on
 * {@code platform.client-limits.v1}: how often over {@code [from, to)}, so that the operators' console shows who is
 * being limited, wherever.
 *
 * @param service the service whose door refused ({@code quarkus.application.name})
 * @param client the token's subject whose budget was spent
 * @param agencyCode the client's agency, when its token names one
 * @param door {@code writes}, {@code reads}, {@code pushes}, {@code feed}, {@code console} or {@code streams}
 * @param limited requests (or pushed events) refused in the window
 * @param allowed requests (or pushed events) taken in the window
 */
public record ClientLimitedData(
        String service,
        String client,
        String agencyCode,
        String door,
        long limited,
        long allowed,
        Instant from,
        Instant to) {
}
