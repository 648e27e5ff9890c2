package vn.bcci.contracts;

/** How the result goes back to the applicant, with the portal's {@code HinhThuc} code (docs/domain.md §3). */
public enum ReturnMethod {
    IN_PERSON("0"),
    POSTAL("1");

    private final String portalCode;

    ReturnMethod(String portalCode) {
        this.portalCode = portalCode;
    }

    /** {@code HinhThuc}: 0 in person (or online), 1 via BCCI. */
    public String portalCode() {
        return portalCode;
    }
}
