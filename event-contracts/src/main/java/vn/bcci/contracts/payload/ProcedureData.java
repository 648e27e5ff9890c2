package vn.bcci.contracts.payload;

/**
 * One procedure of the portal's catalogue on {@code portal.procedures.v1} (compacted, keyed by code).
 *
 * @param processingDays thời hạn giải quyết, in working days
 * @param postalIntake nhận qua BCCI: dossiers may be submitted via post
 * @param postalReturn trả qua BCCI: results may be returned via post
 */
public record ProcedureData(
        String code,
        String name,
        String fieldCode,
        String fieldName,
        String agencyCode,
        int processingDays,
        boolean postalIntake,
        boolean postalReturn) {
}
