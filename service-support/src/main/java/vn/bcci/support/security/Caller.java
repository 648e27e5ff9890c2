package vn.bcci.support.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import vn.bcci.support.problem.ProblemException;
import vn.bcci.support.text.Masking;

/**
 * Who is calling, from the verified token: roles ({@code agency}, {@code postal}, {@code operator}, {@code admin})
 * and, for an agency, its agency code (claim {@code agency}). The one place the agency rule is enforced.
 */
@RequestScoped
public class Caller {
    public static final String AGENCY = "agency";
    public static final String POSTAL = "postal";
    public static final String OPERATOR = "operator";
    public static final String ADMIN = "admin";

    @Inject
    JsonWebToken token;

    public String name() {
        return token.getName();
    }

    public boolean seesEverything() {
        return token.getGroups().contains(OPERATOR) || token.getGroups().contains(ADMIN);
    }

    /** The caller's agency code, or {@code null} when it is not an agency. */
    public String agency() {
        Object claim = token.getClaim(AGENCY);
        return claim == null ? null : claim.toString().replace("\"", "");
    }

    /** Whether the caller may see or change what belongs to {@code agencyCode}. */
    public boolean mayAccess(String agencyCode) {
        return seesEverything() || (agencyCode != null && agencyCode.equals(agency()));
    }

    /**
     * The agency a read or a subscription is limited to: for operators the one they ask for, or {@code null} for all;
     * for an agency its own, and a 403 when it asks for another's.
     */
    public String scope(String requested) {
        String wanted = requested == null || requested.isBlank() ? null : requested.trim();
        if (wanted != null && !wanted.matches(vn.bcci.contracts.InputRules.AGENCY_CODE)) {
            throw ProblemException.invalid("agency", vn.bcci.contracts.InputRules.AGENCY_CODE_RULE);
        }
        if (seesEverything()) {
            return wanted;
        }
        if (wanted != null && !mayAccess(wanted)) {
            throw ProblemException.forbidden("the token's agency " + agency() + " may not see what belongs to "
                    + wanted);
        }
        return agency();
    }

    /**
     * The personal-data rule (docs/domain.md §8): applicants' names, ID numbers, phones, e-mails and addresses, and free
     * text that may quote them, are shown in clear only to the agency whose dossier it is (it registered them) and to
     * VNPost for the shipments it carries (it delivers them); operators and admins see them masked ({@link Masking}),
     * in views, feeds and the dashboard alike.
     */
    public boolean seesPersonalDataOf(String agencyCode) {
        return token.getGroups().contains(POSTAL) || (agencyCode != null && agencyCode.equals(agency())
                && token.getGroups().contains(AGENCY));
    }

    /** Refuses an agency acting for another agency. */
    public void requireActingFor(String agencyCode) {
        if (!mayAccess(agencyCode)) {
            throw ProblemException.forbidden("the token's agency " + agency() + " may not act for " + agencyCode);
        }
    }
}
