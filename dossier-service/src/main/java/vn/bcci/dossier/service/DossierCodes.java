package vn.bcci.dossier.service;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import vn.bcci.contracts.VietnamTime;

/**
 * Generated dossier codes {@code {agencyCode}-{yyMMdd}-{seq}} (domain.md §4): the sequence is per agency and Vietnam
 * calendar day, taken with an atomic upsert so that concurrent registrations never get the same number. The number is
 * taken in a transaction of its own, so the agency's sequence row is locked for one statement, not for a whole
 * registration (which serialised all of an agency's registrations). A registration that then fails leaves a gap; a
 * number is never handed out twice.
 */
@ApplicationScoped
public class DossierCodes {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyMMdd")
            .withZone(VietnamTime.ZONE);

    private final EntityManager em;

    public DossierCodes(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public String next(String agencyCode, Instant now) {
        String day = DAY.format(now);
        Number seq = (Number) em.createNativeQuery("INSERT INTO dossier_code_sequence (agency_code, day, last_value) "
                + "VALUES (?1, ?2, 1) ON CONFLICT (agency_code, day) "
                + "DO UPDATE SET last_value = dossier_code_sequence.last_value + 1 RETURNING last_value")
                .setParameter(1, agencyCode).setParameter(2, day).getSingleResult();
        return format(agencyCode, now, seq.intValue());
    }

    /** {@code {agencyCode}-{yyMMdd}-{seq}}: the day is the Vietnam calendar day; at least four digits. */
    static String format(String agencyCode, Instant at, int seq) {
        return agencyCode + "-" + DAY.format(at) + "-" + String.format("%04d", seq);
    }
}
