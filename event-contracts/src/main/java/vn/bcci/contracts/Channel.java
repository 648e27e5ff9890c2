package vn.bcci.contracts;

/** Intake channel, with the portal's {@code KenhThucHien} code (docs/domain.md §3). */
public enum Channel {
    IN_PERSON("1"),
    ONLINE("2"),
    POSTAL("3");

    private final String portalCode;

    Channel(String portalCode) {
        this.portalCode = portalCode;
    }

    /** {@code KenhThucHien}: 1 in person, 2 online, 3 via BCCI. */
    public String portalCode() {
        return portalCode;
    }
}
